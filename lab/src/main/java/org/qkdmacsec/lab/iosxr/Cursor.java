package org.qkdmacsec.lab.iosxr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Walks the words of one CLI line. Keywords may be abbreviated to any unambiguous prefix, as on the
 * router; every failure carries the column of the offending word for the {@code ^} marker.
 */
final class Cursor {
    record Word(String text, int column) {
    }

    private final String line;
    private final List<Word> words;
    private int next;

    Cursor(String line) {
        this.line = line;
        this.words = split(line);
    }

    private Cursor(String line, List<Word> words, int next) {
        this.line = line;
        this.words = words;
        this.next = next;
    }

    private static List<Word> split(String line) {
        List<Word> out = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(new Word(line.substring(start, i), start));
            }
        }
        return out;
    }

    Cursor copy() {
        return new Cursor(line, words, next);
    }

    boolean atEnd() {
        return next >= words.size();
    }

    Optional<Word> peek() {
        return atEnd() ? Optional.empty() : Optional.of(words.get(next));
    }

    /** Column where the next word starts, or just past the line when there is none. */
    int column() {
        return atEnd() ? line.stripTrailing().length() + 1 : words.get(next).column();
    }

    /** Consumes the next word as one of {@code choices}; returns the full keyword. */
    String keyword(String... choices) throws CliException {
        Word w = peek().orElseThrow(CliException::incomplete);
        String k = match(w.text(), choices).orElseThrow(() -> ambiguousOrInvalid(w, choices));
        next++;
        return k;
    }

    /** Consumes the next word if it is one of {@code choices}. */
    Optional<String> optKeyword(String... choices) {
        Optional<String> k = peek().flatMap(w -> match(w.text(), choices));
        k.ifPresent(x -> next++);
        return k;
    }

    /** True when the next word is exactly (not abbreviated) {@code keyword}. */
    boolean nextIsExactly(String keyword) {
        return peek().map(w -> w.text().equalsIgnoreCase(keyword)).orElse(false);
    }

    /** Consumes any word. */
    Word word() throws CliException {
        Word w = peek().orElseThrow(CliException::incomplete);
        next++;
        return w;
    }

    /** Consumes an integer in {@code [min, max]}. */
    long number(long min, long max) throws CliException {
        Word w = peek().orElseThrow(CliException::incomplete);
        long v;
        try {
            v = Long.parseLong(w.text());
        } catch (NumberFormatException e) {
            throw CliException.invalidAt(w.column());
        }
        if (v < min || v > max) {
            throw CliException.invalidAt(w.column());
        }
        next++;
        return v;
    }

    /** Everything from the next word to the end of the line, as typed; consumes it all. */
    String rest() throws CliException {
        Word w = peek().orElseThrow(CliException::incomplete);
        next = words.size();
        return line.substring(w.column()).stripTrailing();
    }

    /** Fails unless the line is fully consumed. */
    void end() throws CliException {
        if (!atEnd()) {
            throw CliException.invalidAt(words.get(next).column());
        }
    }

    CliException invalidHere() {
        return CliException.invalidAt(column());
    }

    static Optional<String> match(String typed, String... choices) {
        String t = typed.toLowerCase(Locale.ROOT);
        String hit = null;
        for (String c : choices) {
            if (c.equals(t)) {
                return Optional.of(c);
            }
            if (c.startsWith(t)) {
                if (hit != null) {
                    return Optional.empty();
                }
                hit = c;
            }
        }
        return Optional.ofNullable(hit);
    }

    private CliException ambiguousOrInvalid(Word w, String... choices) {
        String t = w.text().toLowerCase(Locale.ROOT);
        long n = java.util.Arrays.stream(choices).filter(c -> c.startsWith(t)).count();
        return n > 1 ? CliException.ambiguous(line) : CliException.invalidAt(w.column());
    }
}
