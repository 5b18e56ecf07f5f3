package org.qkdmacsec.driver.iosxr;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.qkdmacsec.gnmi.SetRequest;
import org.qkdmacsec.gnmi.TypedValue;
import org.qkdmacsec.gnmi.Update;

/**
 * One {@link ChainChange} as one gNMI SetRequest, so the device applies all of it or none: a delete
 * per key the plan removes, a replace of each new key (its whole subtree, so nothing stale survives),
 * a replace of each moved key's {@code lifetime} container (start kept, end moved; replacing the
 * container also clears an {@code infinite} or {@code duration} the key had), for an unbound
 * interface a replace of its {@code psk-keychain} binding to the chain, and an update of the interface's
 * {@code description} when the plan sets one.
 */
final class ChainSet {
    private ChainSet() {
    }

    static SetRequest request(ChainChange change) {
        SetRequest.Builder set = SetRequest.newBuilder();
        for (String ckn : change.removes()) {
            set.addDelete(XrPaths.macsecKey(change.chain(), ckn));
        }
        for (ChainChange.NewKey key : change.adds()) {
            byte[] json = KeyChainJson.newKey(key, false, false);
            try {
                set.addReplace(update(XrPaths.macsecKey(change.chain(), key.ckn()), json));
            } finally {
                Arrays.fill(json, (byte) 0);
            }
        }
        for (ChainChange.Lifetime life : change.lifetimes()) {
            set.addReplace(update(XrPaths.lifetime(change.chain(), life.ckn()), KeyChainJson.lifetime(life, false)));
        }
        change.bind().ifPresent(b -> set.addReplace(update(XrPaths.pskKeychain(b.interfaceName()),
                BindingJson.value(change.chain(), b.policy(), false))));
        change.description().ifPresent(d -> set.addUpdate(update(XrPaths.interfaceDescription(d.interfaceName()),
                BindingJson.string(d.text()))));
        return set.build();
    }

    /** The same Set as readable JSON with key-strings masked: the candidate's diff and the docs' example. */
    static String describe(ChainChange change) {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"delete\": [");
        String sep = "";
        for (String ckn : change.removes()) {
            sb.append(sep).append("\n    \"").append(XrPaths.text(XrPaths.macsecKey(change.chain(), ckn))).append('"');
            sep = ",";
        }
        sb.append(change.removes().isEmpty() ? "],\n" : "\n  ],\n");
        sb.append("  \"replace\": [");
        sep = "";
        for (ChainChange.NewKey key : change.adds()) {
            sb.append(sep);
            entry(sb, XrPaths.text(XrPaths.macsecKey(change.chain(), key.ckn())), KeyChainJson.newKey(key, true, true));
            sep = ",";
        }
        for (ChainChange.Lifetime life : change.lifetimes()) {
            sb.append(sep);
            entry(sb, XrPaths.text(XrPaths.lifetime(change.chain(), life.ckn())), KeyChainJson.lifetime(life, true));
            sep = ",";
        }
        if (change.bind().isPresent()) {
            ChainChange.Bind b = change.bind().get();
            sb.append(sep);
            entry(sb, XrPaths.text(XrPaths.pskKeychain(b.interfaceName())), BindingJson.value(change.chain(), b.policy(), true));
            sep = ",";
        }
        sb.append(sep.isEmpty() ? "]" : "\n  ]");
        if (change.description().isPresent()) {
            ChainChange.Description d = change.description().get();
            sb.append(",\n  \"update\": [");
            entry(sb, XrPaths.text(XrPaths.interfaceDescription(d.interfaceName())), BindingJson.string(d.text()));
            sb.append("\n  ]");
        }
        sb.append("\n}");
        return sb.toString();
    }

    private static void entry(StringBuilder sb, String path, byte[] json) {
        String value = new String(json, StandardCharsets.UTF_8).replace("\n", "\n      ");
        sb.append("\n    {\n      \"path\": \"").append(path).append("\",\n      \"json_ietf_val\": ")
                .append(value).append("\n    }");
    }

    private static Update update(org.qkdmacsec.gnmi.Path path, byte[] json) {
        return Update.newBuilder()
                .setPath(path)
                .setVal(TypedValue.newBuilder().setJsonIetfVal(ByteString.copyFrom(json)))
                .build();
    }
}
