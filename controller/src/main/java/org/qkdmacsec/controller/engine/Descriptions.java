package org.qkdmacsec.controller.engine;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The interface description that names the key in service (Juniper's QKD design, seed 002: the key_ID in
 * the description lets the peer and operators see which key is used). Ours is one bracketed part at the
 * end, {@code [qkd key_ID … ckn …]}; whatever the operator wrote before it is kept as it is.
 */
final class Descriptions {
    private static final Pattern OURS = Pattern.compile("\\s*\\[qkd [^\\]]*\\]\\s*$");
    private static final Pattern KEY_ID = Pattern.compile("\\[qkd [^\\]]*key_ID ([^\\s\\]]+)");

    private Descriptions() { }

    /** The whole description: the operator's part of {@code current}, then ours for the key {@code keyId}/{@code ckn}. */
    static String render(String template, Optional<String> current, String keyId, String ckn) {
        String ours = "[qkd " + template.replace("{key_id}", keyId).replace("{ckn8}", ckn.substring(0, Math.min(8, ckn.length())))
                .replace("{ckn}", ckn) + "]";
        String operator = operatorPart(current);
        return operator.isEmpty() ? ours : operator + " " + ours;
    }

    /** The description without our part. */
    static String operatorPart(Optional<String> current) {
        return current.map(c -> OURS.matcher(c).replaceFirst("").strip()).orElse("");
    }

    /** The key_ID our part of {@code description} names, if it names one. */
    static Optional<String> namedKeyId(Optional<String> description) {
        if (description.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = KEY_ID.matcher(description.get());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Whether {@code description} carries a part of ours at all. */
    static boolean hasOurs(Optional<String> description) {
        return description.map(d -> OURS.matcher(d).find()).orElse(false);
    }
}
