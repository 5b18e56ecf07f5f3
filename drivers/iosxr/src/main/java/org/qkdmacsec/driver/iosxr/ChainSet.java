package org.qkdmacsec.driver.iosxr;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.qkdmacsec.gnmi.SetRequest;
import org.qkdmacsec.gnmi.TypedValue;
import org.qkdmacsec.gnmi.Update;

/**
 * One {@link ChainChange} — or several ports' — as one gNMI SetRequest, so the device applies all of it or none: a delete
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
        return request(List.of(change));
    }

    /**
     * Several ports' changes as one SetRequest: every port's deletes, replaces and updates in the one
     * transaction gNMI makes of a Set (gNMI specification, "Modifying State", Transactions: the changes of one
     * SetRequest are applied all or none, and a failed operation rolls back the whole Set).
     */
    static SetRequest request(List<ChainChange> changes) {
        SetRequest.Builder set = SetRequest.newBuilder();
        for (ChainChange change : changes) {
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
        }
        return set.build();
    }

    /** The same Set as readable JSON with key-strings masked: the candidate's diff and the docs' example. */
    static String describe(ChainChange change) {
        return describe(List.of(change));
    }

    /** {@link #request(List)} as readable JSON with key-strings masked. */
    static String describe(List<ChainChange> changes) {
        List<String> deletes = new ArrayList<>();
        List<String> replaces = new ArrayList<>();
        List<String> updates = new ArrayList<>();
        for (ChainChange change : changes) {
            change.removes().forEach(ckn -> deletes.add("\n    \"" + XrPaths.text(XrPaths.macsecKey(change.chain(), ckn)) + '"'));
            for (ChainChange.NewKey key : change.adds()) {
                replaces.add(entry(XrPaths.text(XrPaths.macsecKey(change.chain(), key.ckn())), KeyChainJson.newKey(key, true, true)));
            }
            for (ChainChange.Lifetime life : change.lifetimes()) {
                replaces.add(entry(XrPaths.text(XrPaths.lifetime(change.chain(), life.ckn())), KeyChainJson.lifetime(life, true)));
            }
            change.bind().ifPresent(b -> replaces.add(entry(XrPaths.text(XrPaths.pskKeychain(b.interfaceName())),
                    BindingJson.value(change.chain(), b.policy(), true))));
            change.description().ifPresent(d -> updates.add(entry(XrPaths.text(XrPaths.interfaceDescription(d.interfaceName())),
                    BindingJson.string(d.text()))));
        }
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"delete\": [").append(String.join(",", deletes)).append(deletes.isEmpty() ? "],\n" : "\n  ],\n");
        sb.append("  \"replace\": [").append(String.join(",", replaces)).append(replaces.isEmpty() ? "]" : "\n  ]");
        if (!updates.isEmpty()) {
            sb.append(",\n  \"update\": [").append(String.join(",", updates)).append("\n  ]");
        }
        return sb.append("\n}").toString();
    }

    private static String entry(String path, byte[] json) {
        String value = new String(json, StandardCharsets.UTF_8).replace("\n", "\n      ");
        return "\n    {\n      \"path\": \"" + path + "\",\n      \"json_ietf_val\": " + value + "\n    }";
    }

    private static Update update(org.qkdmacsec.gnmi.Path path, byte[] json) {
        return Update.newBuilder()
                .setPath(path)
                .setVal(TypedValue.newBuilder().setJsonIetfVal(ByteString.copyFrom(json)))
                .build();
    }
}
