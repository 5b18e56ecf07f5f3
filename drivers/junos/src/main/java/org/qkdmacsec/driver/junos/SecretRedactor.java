package org.qkdmacsec.driver.junos;

import java.nio.charset.StandardCharsets;

/**
 * Blanks secrets in raw NETCONF bytes before they become a {@code String} anywhere: the content of
 * {@code <secret>} and {@code <cak>} elements (the CAK we send; the {@code $9$} form Junos returns,
 * which is reversible and so as sensitive as the key), and the quoted value after {@code secret} or
 * {@code cak} in text output such as the {@code show | compare} diff. Used for the DEBUG trace of
 * everything sent, and on every received message before it is parsed.
 */
final class SecretRedactor {
    static final String MASK = "[redacted]";
    private static final byte[] MASK_BYTES = MASK.getBytes(StandardCharsets.US_ASCII);
    private static final String[] ELEMENTS = {"secret", "cak"};

    private SecretRedactor() { }

    /** A redacted copy of {@code xml}; the input is left as it is (the caller wipes it). */
    static byte[] redact(byte[] xml) {
        try (WipeableBuffer out = new WipeableBuffer(xml.length)) {
            int i = 0;
            while (i < xml.length) {
                int skip = secretElementContent(xml, i, out);
                if (skip < 0) {
                    skip = secretTextValue(xml, i, out);
                }
                if (skip < 0) {
                    out.append(xml[i]);
                    i++;
                } else {
                    i = skip;
                }
            }
            return out.toByteArray();
        }
    }

    /**
     * At {@code <secret ...>} or {@code <ns:secret>} (not self-closing): copies the start tag and the
     * mask to {@code out} and returns the index of the matching end tag; otherwise -1.
     */
    private static int secretElementContent(byte[] b, int i, WipeableBuffer out) {
        if (b[i] != '<' || i + 1 >= b.length || !isNameChar(b[i + 1])) {
            return -1;
        }
        int nameStart = i + 1;
        int nameEnd = nameStart;
        while (nameEnd < b.length && isNameChar(b[nameEnd])) {
            nameEnd++;
        }
        String qname = new String(b, nameStart, nameEnd - nameStart, StandardCharsets.US_ASCII);
        String local = qname.substring(qname.indexOf(':') + 1);
        if (!isSecretName(local) || nameEnd >= b.length || !(b[nameEnd] == '>' || isSpace(b[nameEnd]))) {
            return -1;
        }
        int tagEnd = nameEnd;
        while (tagEnd < b.length && b[tagEnd] != '>') {
            tagEnd++;
        }
        if (tagEnd >= b.length || b[tagEnd - 1] == '/') {
            return -1;
        }
        byte[] close = ("</" + qname).getBytes(StandardCharsets.US_ASCII);
        int end = find(b, close, tagEnd + 1);
        out.append(b, i, tagEnd + 1 - i).append(MASK_BYTES);
        return end < 0 ? b.length : end;
    }

    /** At a word {@code secret} or {@code cak} followed by spaces and a quoted value: masks the value. */
    private static int secretTextValue(byte[] b, int i, WipeableBuffer out) {
        if (i > 0 && (isNameChar(b[i - 1]) || b[i - 1] == '<' || b[i - 1] == '/')) {
            return -1;
        }
        for (String word : ELEMENTS) {
            int n = word.length();
            if (i + n >= b.length || !startsWith(b, i, word) || !isSpace(b[i + n])) {
                continue;
            }
            int v = i + n;
            while (v < b.length && isSpace(b[v])) {
                v++;
            }
            byte[] quote = startsWith(b, v, "&quot;") ? "&quot;".getBytes(StandardCharsets.US_ASCII)
                    : v < b.length && b[v] == '"' ? new byte[] {'"'} : null;
            if (quote == null) {
                return -1;
            }
            int close = find(b, quote, v + quote.length);
            out.append(b, i, v + quote.length - i).append(MASK_BYTES);
            return close < 0 ? b.length : close;
        }
        return -1;
    }

    private static boolean isSecretName(String local) {
        for (String e : ELEMENTS) {
            if (e.equals(local)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] b, int at, String s) {
        if (at + s.length() > b.length) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (b[at + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static int find(byte[] b, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= b.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean isNameChar(byte c) {
        return c == ':' || c == '-' || c == '_' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
