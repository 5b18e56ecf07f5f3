package org.qkdmacsec.lab.iosxr;

/** A line the IOS-XR parser rejects: invalid input at a column, an incomplete or an ambiguous command. */
final class CliException extends Exception {
    enum Kind { INVALID, INCOMPLETE, AMBIGUOUS }

    private final Kind kind;
    private final int column;

    private CliException(Kind kind, int column, String message) {
        super(message);
        this.kind = kind;
        this.column = column;
    }

    static CliException invalidAt(int column) {
        return new CliException(Kind.INVALID, column, "% Invalid input detected at '^' marker.");
    }

    static CliException incomplete() {
        return new CliException(Kind.INCOMPLETE, -1, "% Incomplete command.");
    }

    static CliException ambiguous(String line) {
        return new CliException(Kind.AMBIGUOUS, -1, "% Ambiguous command:  \"" + line.trim() + "\"");
    }

    Kind kind() {
        return kind;
    }

    /** Column of the offending token in the typed line (INVALID only). */
    int column() {
        return column;
    }
}
