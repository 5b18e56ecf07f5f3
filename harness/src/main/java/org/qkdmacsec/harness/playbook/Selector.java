package org.qkdmacsec.harness.playbook;

/**
 * Names links: a link id ({@code r1-r2}), a glob over ids ({@code r1-*}, {@code x?-x?}, {@code *}), or
 * {@code tag:NAME} for every link carrying that inventory tag.
 */
public record Selector(String text, Position position) {
    public static final String TAG_PREFIX = "tag:";

    boolean isTag() {
        return text.startsWith(TAG_PREFIX);
    }

    boolean isGlob() {
        return !isTag() && (text.contains("*") || text.contains("?"));
    }

    String tag() {
        return text.substring(TAG_PREFIX.length());
    }

    boolean matchesId(String id) {
        if (!isGlob()) {
            return text.equals(id);
        }
        StringBuilder re = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return id.matches(re.toString());
    }
}
