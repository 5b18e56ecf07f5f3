package org.qkdmacsec.lab.iosxr;

import static org.qkdmacsec.lab.iosxr.YangNode.children;

import java.util.List;
import java.util.Map;
import org.qkdmacsec.lab.iosxr.YangNode.Container;
import org.qkdmacsec.lab.iosxr.YangNode.Enumeration;
import org.qkdmacsec.lab.iosxr.YangNode.Leaf;
import org.qkdmacsec.lab.iosxr.YangNode.ListNode;
import org.qkdmacsec.lab.iosxr.YangNode.Str;
import org.qkdmacsec.lab.iosxr.YangNode.Uint32;

/**
 * The configuration models the simulator implements, as far as it models them.
 * <ul>
 * <li>{@code Cisco-IOS-XR-um-key-chain-cfg}: {@code key/chains/chain[key-chain-name]/macsec/keys/key[ckn]}
 * with {@code key-string{password, cryptographic-algorithm}} and {@code lifetime{start-time, end-time,
 * duration, infinite}}, transcribed from the published 7.8.2 module.</li>
 * <li>{@code Cisco-IOS-XR-um-interface-cfg:interfaces/interface[interface-name]} with {@code description}
 * and the augment {@code Cisco-IOS-XR-um-macsec-cfg:macsec/psk-keychain{keychain-name,
 * fallback-psk-keychain, policy}} — the augment's shape is a simulator decision (docs/lab/iosxr-sim.md).</li>
 * </ul>
 */
final class XrSchema {
    static final String KEY_CHAIN_MODULE = "Cisco-IOS-XR-um-key-chain-cfg";
    static final String INTERFACE_MODULE = "Cisco-IOS-XR-um-interface-cfg";
    static final String MACSEC_MODULE = "Cisco-IOS-XR-um-macsec-cfg";
    static final String MKA_OPER_MODULE = "Cisco-IOS-XR-crypto-macsec-mka-oper";
    static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december");

    /** The top-level nodes by name: {@code key} and {@code interfaces}. */
    static final Container ROOT;

    static {
        String kc = KEY_CHAIN_MODULE;
        Container lifetime = new Container("lifetime", kc, false, children(
                time("start-time"), time("end-time"),
                new Leaf("duration", kc, new Uint32(1, Lifetime.ForSeconds.MAX)),
                new Container("infinite", kc, true, Map.of())));
        Container keyString = new Container("key-string", kc, true, children(
                new Leaf("password", kc, new Str(1, 1024)),
                new Leaf("cryptographic-algorithm", kc, new Enumeration(List.of("aes-128-cmac", "aes-256-cmac")))));
        ListNode key = new ListNode("key", kc, "ckn", children(
                new Leaf("ckn", kc, new Str(2, XrValidator.MAX_CKN_HEX)), keyString, lifetime));
        Container macsec = new Container("macsec", kc, true, children(new Container("keys", kc, false, children(key))));
        ListNode chain = new ListNode("chain", kc, "key-chain-name", children(
                new Leaf("key-chain-name", kc, new Str(1, XrValidator.MAX_NAME)), macsec));
        Container keyTop = new Container("key", kc, false, children(new Container("chains", kc, false, children(chain))));

        String ms = MACSEC_MODULE;
        Container psk = new Container("psk-keychain", ms, true, children(
                new Leaf("keychain-name", ms, new Str(1, XrValidator.MAX_NAME)),
                new Leaf("fallback-psk-keychain", ms, new Str(1, XrValidator.MAX_NAME)),
                new Leaf("policy", ms, new Str(1, XrValidator.MAX_NAME))));
        String im = INTERFACE_MODULE;
        ListNode iface = new ListNode("interface", im, "interface-name", children(
                new Leaf("interface-name", im, new Str(1, 128)),
                new Leaf("description", im, new Str(0, 1024)),
                new Container("macsec", ms, false, children(psk))));
        Container interfaces = new Container("interfaces", im, false, children(iface));

        ROOT = new Container("", "", false, children(keyTop, interfaces));
    }

    private XrSchema() {
    }

    private static Container time(String name) {
        String kc = KEY_CHAIN_MODULE;
        return new Container(name, kc, true, children(
                new Leaf("hour", kc, new Uint32(0, 23)),
                new Leaf("minute", kc, new Uint32(0, 59)),
                new Leaf("second", kc, new Uint32(0, 59)),
                new Leaf("month", kc, new Enumeration(MONTHS)),
                new Leaf("day-of-month", kc, new Uint32(1, 31)),
                new Leaf("year", kc, new Uint32(XrTime.MIN_YEAR, XrTime.MAX_YEAR))));
    }
}
