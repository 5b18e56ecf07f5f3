package org.qkdmacsec.lab.iosxr;

import java.util.ArrayList;
import java.util.List;

/** Renders configuration as IOS-XR {@code show running-config} prints it (one space of indent per level). */
final class CliRender {
    private CliRender() {
    }

    static String chainLine(KeyChain c) {
        return "key chain " + c.name();
    }

    static String keyLine(MacsecKey k) {
        return "key " + k.ckn();
    }

    static String keyStringLine(KeyString ks) {
        return "key-string password " + ks.type7() + " cryptographic-algorithm " + ks.algorithm().yangName();
    }

    /** The key-string line with the encrypted text hidden, for error reports (they may end up in client logs). */
    static String keyStringLineHidden(KeyString ks) {
        return "key-string password <hidden> cryptographic-algorithm " + ks.algorithm().yangName();
    }

    static String lifetimeLine(Lifetime lt) {
        return "lifetime " + lt.cli();
    }

    static String interfaceLine(String name) {
        return "interface " + name;
    }

    static String pskLine(InterfaceConfig.PskBinding b) {
        StringBuilder sb = new StringBuilder("macsec psk-keychain ").append(b.keychain());
        b.fallbackKeychain().ifPresent(f -> sb.append(" fallback-psk-keychain ").append(f));
        b.policy().ifPresent(p -> sb.append(" policy ").append(p));
        return sb.toString();
    }

    static List<String> chain(KeyChain c) {
        List<String> out = new ArrayList<>();
        out.add(chainLine(c));
        if (c.macsec()) {
            out.add(" macsec");
            for (MacsecKey k : c.keys().values()) {
                out.add("  " + keyLine(k));
                k.keyString().ifPresent(ks -> out.add("   " + keyStringLine(ks)));
                k.lifetime().ifPresent(lt -> out.add("   " + lifetimeLine(lt)));
                out.add("  !");
            }
            out.add(" !");
        }
        out.add("!");
        return out;
    }

    static List<String> iface(InterfaceConfig i) {
        List<String> out = new ArrayList<>();
        out.add(interfaceLine(i.name()));
        i.description().ifPresent(d -> out.add(" description " + d));
        i.psk().ifPresent(b -> out.add(" " + pskLine(b)));
        out.add("!");
        return out;
    }

    static List<String> running(XrConfig cfg) {
        List<String> out = new ArrayList<>();
        cfg.chains().values().forEach(c -> out.addAll(chain(c)));
        cfg.interfaces().values().forEach(i -> out.addAll(iface(i)));
        return out;
    }

    /** Hierarchical block for errors: each context line one level deeper, the item, then {@code !!% message}. */
    static List<String> failed(ConfigError e) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        for (String c : e.context()) {
            out.add(" ".repeat(depth++) + c);
        }
        out.add(" ".repeat(depth) + e.item());
        out.add("!!% " + e.message());
        for (int d = depth - 1; d >= 0; d--) {
            out.add(" ".repeat(d) + "!");
        }
        return out;
    }
}
