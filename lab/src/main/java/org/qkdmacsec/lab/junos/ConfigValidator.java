package org.qkdmacsec.lab.junos;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks Junos runs at commit time on MACsec configuration, with Junos-like messages. Errors block
 * the commit; warnings are reported with a successful commit. No message contains a secret.
 *
 * <p>Rules from Juniper's model {@code junos-conf-security} revision 2024-01-01 (Junos 24.4R1,
 * {@code ../shared/vendor-models/junos-24.4R1}), quoting its pattern and must messages: key-chain name
 * ({@code junos:posix-pattern "!^((__.*__)|(.*[ ].*)|(.{33,}))$"}), key {@code key-name}
 * ({@code "^([0-9a-fA-F][0-9a-fA-F]){1,32}$"}), connectivity-association name ({@code length "1 .. 32"}),
 * {@code pre-shared-key-chain} ({@code "^.{1,32}$"}; must: not with {@code pre-shared-key}, the chain
 * defined, {@code security-mode static-cak}). The CAK length per cipher suite is not in the model
 * ({@code secret} is a string of 1–126 characters); it follows IEEE 802.1X-2010 (the CAK is an AES-CMAC
 * key of the cipher's strength: 128 or 256 bits) and Juniper's "cak" statement page (32 or 64
 * hexadecimal digits).
 */
final class ConfigValidator {
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final Map<String, Integer> CAK_DIGITS = Map.of(
            "gcm-aes-128", 32, "gcm-aes-xpn-128", 32, "gcm-aes-256", 64, "gcm-aes-xpn-256", 64);
    private static final String DEFAULT_CIPHER = "gcm-aes-128";
    /** The complement of the key-chain name pattern; the model's pattern-message follows. */
    private static final Pattern BAD_CHAIN_NAME = Pattern.compile("(__.*__)|(.*[ ].*)|(.{33,})", Pattern.DOTALL);

    private ConfigValidator() {
    }

    /**
     * @param previous  the committed configuration being replaced (for "new key starts in the past")
     * @param deviceNow the device's clock now
     */
    static List<RpcError> check(ConfigNode cfg, ConfigNode previous, Instant deviceNow, ZoneId zone) {
        Set<RpcError> out = new LinkedHashSet<>();
        ConfigNode macsec = cfg.path("security", "macsec");
        if (macsec != null) {
            for (ConfigNode ca : macsec.all("connectivity-association")) {
                checkCa(cfg, ca, out);
            }
            MacsecConfig.interfaceBindings(cfg).forEach((ifName, caName) -> {
                if (MacsecConfig.connectivityAssociation(cfg, caName) == null) {
                    out.add(invalid("[edit security macsec interfaces " + ifName + "]", "connectivity-association",
                            "Referenced connectivity-association " + caName + " is not defined"));
                }
            });
        }
        for (String chainName : MacsecConfig.keyChainNames(cfg)) {
            if (BAD_CHAIN_NAME.matcher(chainName).matches()) {
                out.add(invalid("[edit security authentication-key-chains]", "key-chain " + chainName,
                        "Must be string of 32 characters or less with no spaces"));
            }
        }
        warnPastStarts(cfg, previous, deviceNow, zone, out);
        return List.copyOf(out);
    }

    private static void checkCa(ConfigNode cfg, ConfigNode ca, Set<RpcError> out) {
        String path = "[edit security macsec connectivity-association " + ca.key() + "]";
        if (ca.key() == null || ca.key().isEmpty() || ca.key().length() > 32) {
            out.add(invalid("[edit security macsec]", "connectivity-association", "Length of connectivity-association name must be"
                    + " between 1 and 32 characters"));
        }
        String cipher = Optional.ofNullable(ca.leaf("cipher-suite")).orElse(DEFAULT_CIPHER);
        Integer digits = CAK_DIGITS.get(cipher);
        if (digits == null) {
            out.add(invalid(path, "cipher-suite", "invalid cipher-suite " + cipher));
            return;
        }
        ConfigNode psk = ca.child("pre-shared-key");
        String chainName = ca.leaf("pre-shared-key-chain");
        if (psk != null && chainName != null) {
            out.add(invalid(path, "pre-shared-key-chain", "pre-shared-key and pre-shared-key-chain are mutually exclusive"));
        }
        if (psk != null) {
            String pskPath = path.substring(0, path.length() - 1) + " pre-shared-key]";
            checkCkn(psk.leaf("ckn"), pskPath, "ckn", out);
            checkCak(psk.leaf("cak"), cipher, digits, pskPath, "cak", out);
        }
        if (chainName != null && chainName.length() > 32) {
            out.add(invalid(path, "pre-shared-key-chain", "Must be string of 32 characters or less"));
        }
        if (chainName != null && !"static-cak".equals(ca.leaf("security-mode"))) {
            out.add(invalid(path, "pre-shared-key-chain", "key-chain configuration is allowed only in static-cak mode"));
        }
        if (chainName != null) {
            ConfigNode chain = MacsecConfig.keyChain(cfg, chainName);
            if (chain == null) {
                out.add(invalid(path, "pre-shared-key-chain", "Referenced authentication-key-chain " + chainName + " is not defined"));
            } else {
                checkChain(chain, cipher, digits, out);
            }
        }
    }

    private static void checkChain(ConfigNode chain, String cipher, int digits, Set<RpcError> out) {
        Map<String, String> starts = new HashMap<>();
        for (ConfigNode key : chain.all("key")) {
            String path = "[edit security authentication-key-chains key-chain " + chain.key() + " key " + key.key() + "]";
            checkCkn(key.leaf("key-name"), path, "key-name", out);
            checkCak(key.leaf("secret"), cipher, digits, path, "secret", out);
            String start = Objects.requireNonNullElse(key.leaf("start-time"), "");
            String other = starts.putIfAbsent(start, key.key());
            if (other != null) {
                out.add(invalid(path, "start-time", "key " + key.key() + " has the same start-time as key " + other));
            }
        }
    }

    private static void checkCkn(String ckn, String path, String element, Set<RpcError> out) {
        if (ckn == null) {
            out.add(invalid(path, element, element + " (CKN) must be configured"));
        } else if (!HEX.matcher(ckn).matches() || ckn.length() % 2 != 0 || ckn.length() > 64) {
            out.add(invalid(path, element, "Must be an even-length string up to 64 hexadecimal digits (0-9, a-f, A-F)"));
        }
    }

    private static void checkCak(String stored, String cipher, int digits, String path, String element, Set<RpcError> out) {
        if (stored == null) {
            out.add(invalid(path, element, element + " (CAK) must be configured"));
            return;
        }
        int have = MacsecConfig.cakHexDigits(stored);
        if (have < 0) {
            out.add(invalid(path, element, "CAK must be a string of hexadecimal digits"));
        } else if (have != digits) {
            out.add(invalid(path, element, "CAK length " + have + " does not match cipher-suite " + cipher
                    + " (requires " + digits + " hexadecimal digits)"));
        }
    }

    /** Junos-style warning: a key added or re-timed with a start-time already past is used at once. */
    private static void warnPastStarts(ConfigNode cfg, ConfigNode previous, Instant deviceNow, ZoneId zone, Set<RpcError> out) {
        for (String chainName : MacsecConfig.keyChainNames(cfg)) {
            ConfigNode before = MacsecConfig.keyChain(previous, chainName);
            for (ConfigNode key : MacsecConfig.keyChain(cfg, chainName).all("key")) {
                String start = key.leaf("start-time");
                ConfigNode old = before == null ? null : before.find("key", key.key());
                boolean changed = old == null || !Objects.equals(old.leaf("start-time"), start);
                if (start == null || !changed) {
                    continue;
                }
                Instant at = JunosTime.parseStartTime(start, zone).toInstant();
                if (!at.isAfter(deviceNow)) {
                    out.add(RpcError.warning("start-time " + start + " of key " + key.key() + " is not in the future")
                            .at("[edit security authentication-key-chains key-chain " + chainName + " key " + key.key() + "]")
                            .bad("start-time"));
                }
            }
        }
    }

    private static RpcError invalid(String path, String bad, String message) {
        return RpcError.error("application", "invalid-value", message).at(path).bad(bad);
    }
}
