package org.qkdmacsec.lab.junos;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qkdmacsec.lab.mka.MkaKey;

/** The MACsec-relevant reading of a configuration tree: key chains, CAs and interface bindings. */
final class MacsecConfig {
    /** One key of a key chain; {@code start} empty when no start-time is configured (valid from the beginning). */
    record ChainKey(int id, String ckn, String secret, Optional<Instant> start) {
        @Override
        public String toString() {
            return "ChainKey[" + id + ", ckn=" + ckn + ", secret=<redacted>, start=" + start + "]";
        }
    }

    private MacsecConfig() {
    }

    static List<String> keyChainNames(ConfigNode cfg) {
        ConfigNode chains = cfg.path("security", "authentication-key-chains");
        return chains == null ? List.of() : chains.all("key-chain").stream().map(ConfigNode::key).toList();
    }

    static ConfigNode keyChain(ConfigNode cfg, String name) {
        ConfigNode chains = cfg.path("security", "authentication-key-chains");
        return chains == null ? null : chains.find("key-chain", name);
    }

    /** The keys of a chain in key-id order (keys with an unreadable id or start-time are skipped). */
    static List<ChainKey> chainKeys(ConfigNode chain, ZoneId zone) {
        List<ChainKey> out = new ArrayList<>();
        for (ConfigNode k : chain.all("key")) {
            try {
                int id = Integer.parseInt(k.key());
                String start = k.leaf("start-time");
                Optional<Instant> at = start == null ? Optional.empty()
                        : Optional.of(JunosTime.parseStartTime(start, zone).toInstant());
                out.add(new ChainKey(id, k.leaf("key-name"), k.leaf("secret"), at));
            } catch (NumberFormatException | DateTimeException e) {
                // rejected at load time; nothing to report here
            }
        }
        out.sort(Comparator.comparingInt(ChainKey::id));
        return out;
    }

    static ConfigNode connectivityAssociation(ConfigNode cfg, String name) {
        ConfigNode macsec = cfg.path("security", "macsec");
        return macsec == null ? null : macsec.find("connectivity-association", name);
    }

    /** MACsec interface name to CA name, in configuration order. */
    static Map<String, String> interfaceBindings(ConfigNode cfg) {
        Map<String, String> out = new LinkedHashMap<>();
        ConfigNode macsec = cfg.path("security", "macsec");
        if (macsec != null) {
            for (ConfigNode i : macsec.all("interfaces")) {
                String ca = i.leaf("connectivity-association");
                if (i.key() != null && ca != null) {
                    out.put(i.key(), ca);
                }
            }
        }
        return out;
    }

    /** The keys the interface's CA would run, with times on the device clock, for the MKA model. */
    static List<MkaKey> mkaKeys(ConfigNode cfg, String interfaceName, ZoneId zone) {
        String caName = interfaceBindings(cfg).get(interfaceName);
        ConfigNode ca = caName == null ? null : connectivityAssociation(cfg, caName);
        if (ca == null) {
            return List.of();
        }
        List<MkaKey> out = new ArrayList<>();
        ConfigNode psk = ca.child("pre-shared-key");
        if (psk != null) {
            cak(psk.leaf("cak")).ifPresent(cak -> {
                if (psk.leaf("ckn") != null) {
                    out.add(MkaKey.of(psk.leaf("ckn"), cak, Instant.EPOCH));
                }
            });
            return out;
        }
        String chainName = ca.leaf("pre-shared-key-chain");
        ConfigNode chain = chainName == null ? null : keyChain(cfg, chainName);
        if (chain != null) {
            for (ChainKey k : chainKeys(chain, zone)) {
                Optional<byte[]> cak = cak(k.secret());
                if (k.ckn() != null && cak.isPresent()) {
                    out.add(MkaKey.of(k.ckn(), cak.get(), k.start().orElse(Instant.EPOCH)));
                }
            }
        }
        return out;
    }

    /** The CAK bytes of a stored ($9$) hex secret; empty when absent or not hex. */
    static Optional<byte[]> cak(String stored) {
        if (stored == null) {
            return Optional.empty();
        }
        try {
            String hex = Junos9.isEncoded(stored) ? Junos9.decode(stored) : stored;
            return Optional.of(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Number of hex digits of a stored secret, or -1 when it is not hex. */
    static int cakHexDigits(String stored) {
        return cak(stored).map(b -> b.length * 2).orElse(-1);
    }
}
