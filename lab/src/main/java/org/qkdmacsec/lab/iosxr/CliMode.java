package org.qkdmacsec.lab.iosxr;

import java.util.List;

/** Where a CLI session is: exec, global config, or a configuration sub-mode with what it edits. */
record CliMode(Kind kind, String chain, String ckn, String iface) {
    enum Kind { EXEC, CONFIG, KEYCHAIN, MACSEC_KEYCHAIN, MACSEC_KEY, INTERFACE }

    static final CliMode EXEC = new CliMode(Kind.EXEC, null, null, null);
    static final CliMode CONFIG = new CliMode(Kind.CONFIG, null, null, null);

    static CliMode keychain(String chain) {
        return new CliMode(Kind.KEYCHAIN, chain, null, null);
    }

    static CliMode macsecKeychain(String chain) {
        return new CliMode(Kind.MACSEC_KEYCHAIN, chain, null, null);
    }

    static CliMode macsecKey(String chain, String ckn) {
        return new CliMode(Kind.MACSEC_KEY, chain, ckn, null);
    }

    static CliMode iface(String name) {
        return new CliMode(Kind.INTERFACE, null, null, name);
    }

    boolean isConfig() {
        return kind != Kind.EXEC;
    }

    /** The mode {@code exit} returns to. */
    CliMode parent() {
        return switch (kind) {
            case EXEC, CONFIG -> EXEC;
            case KEYCHAIN, INTERFACE -> CONFIG;
            case MACSEC_KEYCHAIN -> keychain(chain);
            case MACSEC_KEY -> macsecKeychain(chain);
        };
    }

    /** The part of the prompt between the host name and {@code #}. */
    String promptSuffix() {
        return switch (kind) {
            case EXEC -> "";
            case CONFIG -> "(config)";
            case KEYCHAIN -> "(config-" + chain + ")";
            case MACSEC_KEYCHAIN -> "(config-" + chain + "-MacSec)";
            case MACSEC_KEY -> "(config-" + chain + "-MacSec-" + ckn + ")";
            case INTERFACE -> "(config-if)";
        };
    }

    /** The configuration lines that lead to this mode, as {@code show configuration} nests them. */
    List<String> context() {
        return switch (kind) {
            case EXEC, CONFIG -> List.of();
            case KEYCHAIN -> List.of("key chain " + chain);
            case MACSEC_KEYCHAIN -> List.of("key chain " + chain, "macsec");
            case MACSEC_KEY -> List.of("key chain " + chain, "macsec", "key " + ckn);
            case INTERFACE -> List.of("interface " + iface);
        };
    }
}
