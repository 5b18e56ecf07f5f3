package org.qkdmacsec.driver.iosxr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Masks key material in any text that leaves the driver: protocol traces, diffs, and device error
 * messages quoted in exceptions (a device may echo a rejected value back). Two layers: the places
 * IOS-XR puts a key-string (CLI {@code key-string [password] X}, {@code show key chain ... text "X"},
 * JSON {@code "password": "X"}), and every literal secret of the change in flight (type-7 form and the
 * CAK's hex, in either case), wherever it appears.
 */
final class Redactor {
    static final String MASK = "<redacted>";

    private static final Pattern CLI_KEY_STRING =
            Pattern.compile("(?i)(key-string\\s+(?:password\\s+|clear\\s+|encrypted\\s+)?)(\\S+)");
    private static final Pattern SHOW_TEXT = Pattern.compile("(?i)(--\\s*text\\s*\")[^\"]*(\")");
    private static final Pattern JSON_PASSWORD = Pattern.compile("(\"password\"\\s*:\\s*\")[^\"]*(\")");

    private final List<char[]> literals = new ArrayList<>();

    /** Also masks {@code secret} (a copy is kept until {@link #clear()}). */
    synchronized void add(char[] secret) {
        if (secret.length >= 8) {
            literals.add(secret.clone());
        }
    }

    synchronized String apply(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = CLI_KEY_STRING.matcher(text).replaceAll("$1" + MASK);
        out = SHOW_TEXT.matcher(out).replaceAll("$1" + MASK + "$2");
        out = JSON_PASSWORD.matcher(out).replaceAll("$1" + MASK + "$2");
        for (char[] secret : literals) {
            out = maskLiteral(out, secret);
        }
        return out;
    }

    /** Wipes and forgets the literal secrets. */
    synchronized void clear() {
        literals.forEach(s -> Arrays.fill(s, '\0'));
        literals.clear();
    }

    private static String maskLiteral(String text, char[] secret) {
        StringBuilder sb = null;
        int from = 0;
        for (int i = 0; i + secret.length <= text.length(); i++) {
            if (matchesAt(text, i, secret)) {
                if (sb == null) {
                    sb = new StringBuilder(text.length());
                }
                sb.append(text, from, i).append(MASK);
                i += secret.length - 1;
                from = i + 1;
            }
        }
        if (sb == null) {
            return text;
        }
        return sb.append(text, from, text.length()).toString();
    }

    private static boolean matchesAt(String text, int at, char[] secret) {
        for (int j = 0; j < secret.length; j++) {
            if (Character.toLowerCase(text.charAt(at + j)) != Character.toLowerCase(secret[j])) {
                return false;
            }
        }
        return true;
    }
}
