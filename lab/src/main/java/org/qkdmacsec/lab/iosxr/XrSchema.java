package org.qkdmacsec.lab.iosxr;

import static org.qkdmacsec.lab.iosxr.YangNode.children;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.qkdmacsec.lab.iosxr.YangNode.Container;
import org.qkdmacsec.lab.iosxr.YangNode.Enumeration;
import org.qkdmacsec.lab.iosxr.YangNode.Leaf;
import org.qkdmacsec.lab.iosxr.YangNode.ListNode;
import org.qkdmacsec.lab.iosxr.YangNode.Str;
import org.qkdmacsec.lab.iosxr.YangNode.Uint32;

/**
 * The configuration models the simulator implements, as far as it models them, with the types of
 * Cisco's published modules (IOS-XR 24.4.2 and 7.11.1 carry the same definitions for these nodes;
 * {@code ../shared/vendor-models/iosxr-*}):
 * <ul>
 * <li>{@code Cisco-IOS-XR-um-key-chain-cfg} (revision 2022-10-22):
 * {@code key/chains/chain[key-chain-name]/macsec/keys/key[ckn]} with {@code key-string{password,
 * cryptographic-algorithm}} and {@code lifetime{start-time, end-time, duration, infinite}};
 * {@code key-chain-name} is a {@code Cisco-ios-xr-string} of 1..32, {@code ckn} of 2..64, years
 * 1993..2035, {@code infinite} a presence container.</li>
 * <li>{@code Cisco-IOS-XR-um-interface-cfg} (revision 2022-07-11):
 * {@code interfaces/interface[interface-name]} ({@code Interface-name} pattern) with {@code description}
 * (string 1..1024) and the augment {@code Cisco-IOS-XR-um-macsec-cfg:macsec/psk-keychain{keychain-name,
 * fallback-psk-keychain (1..32), policy (1..16)}}.</li>
 * </ul>
 * Patterns are the models' ({@code Cisco-IOS-XR-types}: {@code Cisco-ios-xr-string}
 * "[\w\-\.:,_@#%$\+=\| ;]+", {@code Interface-name} "[a-zA-Z0-9.:_/-]+", {@code Proprietary-password}
 * "(!.+)|([^!].+)"), XSD's {@code \w} written as Java's "not punctuation, separator or other".
 */
final class XrSchema {
    static final String KEY_CHAIN_MODULE = "Cisco-IOS-XR-um-key-chain-cfg";
    static final String INTERFACE_MODULE = "Cisco-IOS-XR-um-interface-cfg";
    static final String MACSEC_MODULE = "Cisco-IOS-XR-um-macsec-cfg";
    static final String MKA_OPER_MODULE = "Cisco-IOS-XR-crypto-macsec-mka-oper";
    static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december");

    /** Cisco-IOS-XR-types Cisco-ios-xr-string. */
    static final Pattern XR_STRING = Pattern.compile("(?:[^\\p{P}\\p{Z}\\p{C}]|[\\-.:,_@#%$+=| ;])+");
    /** Cisco-IOS-XR-types Interface-name. */
    static final Pattern INTERFACE_NAME = Pattern.compile("[a-zA-Z0-9.:_/-]+");
    /** Cisco-IOS-XR-types Proprietary-password. */
    static final Pattern PROPRIETARY_PASSWORD = Pattern.compile("(!.+)|([^!].+)", Pattern.DOTALL);
    static final int MAX_POLICY = 16;
    static final int MAX_DESCRIPTION = 1024;

    /** The top-level nodes by name: {@code key} and {@code interfaces}. */
    static final Container ROOT;

    static {
        String kc = KEY_CHAIN_MODULE;
        Container lifetime = new Container("lifetime", kc, false, children(
                time("start-time"), time("end-time"),
                new Leaf("duration", kc, new Uint32(1, Lifetime.ForSeconds.MAX)),
                new Container("infinite", kc, true, Map.of())));
        Container keyString = new Container("key-string", kc, true, children(
                new Leaf("password", kc, new Str(2, Integer.MAX_VALUE, PROPRIETARY_PASSWORD)),
                new Leaf("cryptographic-algorithm", kc, new Enumeration(List.of("aes-128-cmac", "aes-256-cmac")))));
        ListNode key = new ListNode("key", kc, "ckn", children(
                new Leaf("ckn", kc, new Str(2, XrValidator.MAX_CKN_HEX, XR_STRING)), keyString, lifetime));
        Container macsec = new Container("macsec", kc, true, children(new Container("keys", kc, false, children(key))));
        ListNode chain = new ListNode("chain", kc, "key-chain-name", children(
                new Leaf("key-chain-name", kc, new Str(1, XrValidator.MAX_NAME, XR_STRING)), macsec));
        Container keyTop = new Container("key", kc, false, children(new Container("chains", kc, false, children(chain))));

        String ms = MACSEC_MODULE;
        Container psk = new Container("psk-keychain", ms, true, children(
                new Leaf("keychain-name", ms, new Str(1, XrValidator.MAX_NAME, XR_STRING)),
                new Leaf("fallback-psk-keychain", ms, new Str(1, XrValidator.MAX_NAME, XR_STRING)),
                new Leaf("policy", ms, new Str(1, MAX_POLICY, XR_STRING))));
        String im = INTERFACE_MODULE;
        ListNode iface = new ListNode("interface", im, "interface-name", children(
                new Leaf("interface-name", im, new Str(1, 128, INTERFACE_NAME)),
                new Leaf("description", im, new Str(1, MAX_DESCRIPTION)),
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
