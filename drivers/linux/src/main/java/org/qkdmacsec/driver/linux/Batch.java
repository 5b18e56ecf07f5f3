package org.qkdmacsec.driver.linux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.qkdmacsec.spi.Secret;

/**
 * The commands of one {@code ip -batch -} run. Key material lives only in {@link Secret} parts: it is
 * written as hex into the stdin bytes ({@link #stdin()}, which the caller wipes after sending) and as
 * a placeholder such as {@code <SAK an=1>} everywhere else (diffs, logs, error messages). Nothing in
 * a batch ever becomes part of a command line.
 */
final class Batch {
    /** One word of a command: plain text, or a secret with the placeholder shown instead of it. */
    sealed interface Part permits Text, Hidden { }

    record Text(String text) implements Part { }

    record Hidden(Secret secret, String placeholder) implements Part { }

    private final List<List<Part>> lines = new ArrayList<>();

    /** Appends a command; {@code words} are Strings or {@link Hidden} parts. */
    Batch add(Object... words) {
        List<Part> line = new ArrayList<>();
        for (Object w : words) {
            if (w instanceof Hidden h) {
                line.add(h);
            } else if (w instanceof String s && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
                line.add(new Text(s));
            } else {
                throw new IllegalArgumentException("a batch word is a String without line breaks or a Hidden part");
            }
        }
        lines.add(List.copyOf(line));
        return this;
    }

    Batch addAll(Batch other) {
        lines.addAll(other.lines);
        return this;
    }

    static Hidden hidden(Secret s, String placeholder) {
        return new Hidden(s, placeholder);
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    int size() {
        return lines.size();
    }

    /** Line {@code n} (1-based, as {@code ip -batch} counts) with placeholders for secrets. */
    String redactedLine(int n) {
        return render(lines.get(n - 1));
    }

    /** All lines with placeholders, one per line: what a diff or a log may show. */
    String redacted() {
        StringBuilder b = new StringBuilder();
        for (List<Part> line : lines) {
            b.append(render(line)).append('\n');
        }
        return b.toString();
    }

    /** The real stdin, secrets as lower-case hex. The caller owns the array and must wipe it. */
    byte[] stdin() {
        int size = 0;
        for (List<Part> line : lines) {
            for (Part p : line) {
                size += (p instanceof Text t ? utf8(t).length : ((Hidden) p).secret().length() * 2) + 1;
            }
        }
        byte[] out = new byte[size];
        int pos = 0;
        for (List<Part> line : lines) {
            for (int i = 0; i < line.size(); i++) {
                Part p = line.get(i);
                if (p instanceof Text t) {
                    byte[] b = utf8(t);
                    System.arraycopy(b, 0, out, pos, b.length);
                    pos += b.length;
                } else {
                    char[] hex = ((Hidden) p).secret().hexChars();
                    for (char c : hex) {
                        out[pos++] = (byte) c;
                    }
                    Arrays.fill(hex, '\0');
                }
                out[pos++] = (byte) (i == line.size() - 1 ? '\n' : ' ');
            }
        }
        return out;
    }

    private static byte[] utf8(Text t) {
        return t.text().getBytes(StandardCharsets.UTF_8);
    }

    private static String render(List<Part> line) {
        StringBuilder b = new StringBuilder();
        for (Part p : line) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(p instanceof Text t ? t.text() : ((Hidden) p).placeholder());
        }
        return b.toString();
    }
}
