package org.qkdmacsec.lab.iosxr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Month;
import java.util.Locale;
import java.util.Optional;

/**
 * Converts between the typed configuration and its canonical RFC 7951 tree (see {@link XrSchema}).
 * Reading a tree enforces what the models' {@code must} statements and the router's interface table
 * demand (a key-string has a password and an algorithm, a lifetime has a start and exactly one end, an
 * interface exists).
 */
final class ConfigJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ConfigJson() {
    }

    static ObjectNode toTree(XrConfig cfg) {
        ObjectNode root = JSON.objectNode();
        ArrayNode chains = root.putObject("key").putObject("chains").putArray("chain");
        for (KeyChain c : cfg.chains().values()) {
            ObjectNode chain = chains.addObject().put("key-chain-name", c.name());
            if (c.macsec()) {
                ArrayNode keys = chain.putObject("macsec").putObject("keys").putArray("key");
                for (MacsecKey k : c.keys().values()) {
                    ObjectNode key = keys.addObject().put("ckn", k.ckn());
                    k.keyString().ifPresent(ks -> key.putObject("key-string")
                            .put("password", ks.type7()).put("cryptographic-algorithm", ks.algorithm().yangName()));
                    k.lifetime().ifPresent(lt -> {
                        ObjectNode l = key.putObject("lifetime");
                        time(l.putObject("start-time"), lt.start());
                        if (lt.end() instanceof Lifetime.Infinite) {
                            l.putObject("infinite");
                        } else if (lt.end() instanceof Lifetime.ForSeconds d) {
                            l.put("duration", d.seconds());
                        } else {
                            time(l.putObject("end-time"), ((Lifetime.Until) lt.end()).end());
                        }
                    });
                }
            }
        }
        ArrayNode ifaces = root.putObject("interfaces").putArray("interface");
        for (InterfaceConfig i : cfg.interfaces().values()) {
            ObjectNode o = ifaces.addObject().put("interface-name", i.name());
            i.description().ifPresent(d -> o.put("description", d));
            i.psk().ifPresent(b -> {
                ObjectNode p = o.putObject("macsec").putObject("psk-keychain").put("keychain-name", b.keychain());
                b.fallbackKeychain().ifPresent(f -> p.put("fallback-psk-keychain", f));
                b.policy().ifPresent(x -> p.put("policy", x));
            });
        }
        return root;
    }

    private static void time(ObjectNode o, XrTime t) {
        o.put("hour", t.hour()).put("minute", t.minute()).put("second", t.second())
                .put("month", t.monthName()).put("day-of-month", t.dayOfMonth()).put("year", t.year());
    }

    static XrConfig fromTree(ObjectNode root, XrInterfaces interfaces) throws YangException {
        XrConfig cfg = XrConfig.EMPTY;
        for (JsonNode c : root.path("key").path("chains").path("chain")) {
            String name = c.get("key-chain-name").asText();
            KeyChain chain = KeyChain.named(name, c.has("macsec"));
            for (JsonNode k : c.path("macsec").path("keys").path("key")) {
                chain = chain.withKey(key(name, k));
            }
            cfg = cfg.withChain(chain);
        }
        for (JsonNode i : root.path("interfaces").path("interface")) {
            String name = i.get("interface-name").asText();
            if (!interfaces.names().contains(name)) {
                throw new YangException("interface '" + name + "' does not exist on this router (it has " + String.join(", ", interfaces.names()) + ")");
            }
            InterfaceConfig ic = InterfaceConfig.empty(name).withDescription(i.has("description") ? i.get("description").asText() : null);
            JsonNode psk = i.path("macsec").path("psk-keychain");
            if (!psk.isMissingNode()) {
                if (!psk.has("keychain-name")) {
                    throw new YangException("interface " + name + " macsec psk-keychain: 'keychain-name' is mandatory");
                }
                ic = ic.withPsk(new InterfaceConfig.PskBinding(psk.get("keychain-name").asText(),
                        text(psk, "fallback-psk-keychain"), text(psk, "policy")));
            }
            InterfaceConfig edited = ic;
            cfg = cfg.editInterface(name, x -> edited);
        }
        return cfg;
    }

    private static MacsecKey key(String chain, JsonNode k) throws YangException {
        String ckn = k.get("ckn").asText();
        String where = "key chain " + chain + " macsec key " + ckn;
        MacsecKey key = MacsecKey.named(ckn);
        JsonNode ks = k.get("key-string");
        if (ks != null) {
            if (!ks.has("password")) {
                throw new YangException(where + " key-string: 'password' is mandatory");
            }
            if (!ks.has("cryptographic-algorithm")) {
                throw new YangException(where + " key-string: 'cryptographic-algorithm' is mandatory");
            }
            key = key.withKeyString(new KeyString(ks.get("password").asText(),
                    CmacAlgorithm.fromYang(ks.get("cryptographic-algorithm").asText()).orElseThrow()));
        }
        JsonNode lt = k.get("lifetime");
        if (lt != null && lt.size() > 0) {
            if (!lt.has("start-time")) {
                throw new YangException(where + " lifetime: 'start-time' is required with end-time, duration or infinite");
            }
            int ends = (lt.has("end-time") ? 1 : 0) + (lt.has("duration") ? 1 : 0) + (lt.has("infinite") ? 1 : 0);
            if (ends != 1) {
                throw new YangException(where + " lifetime: needs exactly one of end-time, duration, infinite (has " + ends + ")");
            }
            Lifetime.End end;
            if (lt.has("infinite")) {
                end = new Lifetime.Infinite();
            } else if (lt.has("duration")) {
                end = new Lifetime.ForSeconds(lt.get("duration").asLong());
            } else {
                end = new Lifetime.Until(time(lt.get("end-time"), where + " lifetime end-time"));
            }
            key = key.withLifetime(new Lifetime(time(lt.get("start-time"), where + " lifetime start-time"), end));
        }
        return key;
    }

    private static XrTime time(JsonNode t, String where) throws YangException {
        for (String leaf : new String[] {"hour", "minute", "second", "month", "day-of-month", "year"}) {
            if (!t.has(leaf)) {
                throw new YangException(where + ": '" + leaf + "' is mandatory");
            }
        }
        return new XrTime(t.get("hour").asInt(), t.get("minute").asInt(), t.get("second").asInt(),
                Month.valueOf(t.get("month").asText().toUpperCase(Locale.ROOT)), t.get("day-of-month").asInt(), t.get("year").asInt());
    }

    private static Optional<String> text(JsonNode o, String field) {
        return o.has(field) ? Optional.of(o.get(field).asText()) : Optional.empty();
    }
}
