package org.qkdmacsec.driver.iosxr;

import java.util.Map;
import java.util.stream.Collectors;
import org.qkdmacsec.gnmi.Path;
import org.qkdmacsec.gnmi.PathElem;

/**
 * gNMI paths into the IOS-XR YANG models the driver uses. The first element carries the module name
 * as its prefix ({@code Cisco-IOS-XR-um-key-chain-cfg:key}) and {@code origin} stays empty, the form
 * IOS-XR documents for its native models.
 */
final class XrPaths {
    static final String KEY_CHAIN_MODEL = "Cisco-IOS-XR-um-key-chain-cfg";
    static final String MKA_OPER_MODEL = "Cisco-IOS-XR-crypto-macsec-mka-oper";
    static final String SHELLUTIL_OPER_MODEL = "Cisco-IOS-XR-shellutil-oper";
    static final String INTERFACE_MODEL = "Cisco-IOS-XR-um-interface-cfg";
    /** Augments the interface with {@code macsec/psk-keychain} (the lab router's shape; see docs). */
    static final String MACSEC_MODEL = "Cisco-IOS-XR-um-macsec-cfg";

    private XrPaths() {
    }

    /** {@code Cisco-IOS-XR-um-key-chain-cfg:key/chains/chain[key-chain-name=C]}. */
    static Path chain(String chain) {
        return Path.newBuilder()
                .addElem(elem(KEY_CHAIN_MODEL + ":key"))
                .addElem(elem("chains"))
                .addElem(elem("chain", Map.of("key-chain-name", chain)))
                .build();
    }

    /** {@code …/chain[key-chain-name=C]/macsec/keys/key[ckn=K]}. */
    static Path macsecKey(String chain, String ckn) {
        return chain(chain).toBuilder()
                .addElem(elem("macsec"))
                .addElem(elem("keys"))
                .addElem(elem("key", Map.of("ckn", ckn)))
                .build();
    }

    /** {@code …/key[ckn=K]/lifetime}. */
    static Path lifetime(String chain, String ckn) {
        return macsecKey(chain, ckn).toBuilder().addElem(elem("lifetime")).build();
    }

    /** {@code Cisco-IOS-XR-crypto-macsec-mka-oper:macsec/mka/interfaces/interface[name=I]/session}. */
    static Path mkaSession(String interfaceName) {
        return Path.newBuilder()
                .addElem(elem(MKA_OPER_MODEL + ":macsec"))
                .addElem(elem("mka"))
                .addElem(elem("interfaces"))
                .addElem(elem("interface", Map.of("name", interfaceName)))
                .addElem(elem("session"))
                .build();
    }

    /** {@code Cisco-IOS-XR-shellutil-oper:system-time} (clock and uptime/host-name). */
    static Path systemTime() {
        return Path.newBuilder().addElem(elem(SHELLUTIL_OPER_MODEL + ":system-time")).build();
    }

    /** {@code Cisco-IOS-XR-um-interface-cfg:interfaces/interface[interface-name=I]}: the interface's configuration. */
    static Path interfaceConfig(String interfaceName) {
        return iface(interfaceName).build();
    }

    /** {@code Cisco-IOS-XR-um-interface-cfg:interfaces/interface[interface-name=I]/description}. */
    static Path interfaceDescription(String interfaceName) {
        return iface(interfaceName).addElem(elem("description")).build();
    }

    /**
     * {@code Cisco-IOS-XR-um-interface-cfg:interfaces/interface[interface-name=I]/Cisco-IOS-XR-um-macsec-cfg:macsec/psk-keychain}:
     * the augment's element carries its own module, as RFC 7951 names a node whose module differs from its parent's.
     */
    static Path pskKeychain(String interfaceName) {
        return iface(interfaceName).addElem(elem(MACSEC_MODEL + ":macsec")).addElem(elem("psk-keychain")).build();
    }

    private static Path.Builder iface(String interfaceName) {
        return Path.newBuilder()
                .addElem(elem(INTERFACE_MODEL + ":interfaces"))
                .addElem(elem("interface", Map.of("interface-name", interfaceName)));
    }

    /** XPath-like text for diffs, logs and docs. */
    static String text(Path path) {
        return path.getElemList().stream()
                .map(e -> e.getName() + e.getKeyMap().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(k -> "[" + k.getKey() + "=" + k.getValue() + "]")
                        .collect(Collectors.joining()))
                .collect(Collectors.joining("/"));
    }

    private static PathElem elem(String name) {
        return PathElem.newBuilder().setName(name).build();
    }

    private static PathElem elem(String name, Map<String, String> keys) {
        return PathElem.newBuilder().setName(name).putAllKey(keys).build();
    }
}
