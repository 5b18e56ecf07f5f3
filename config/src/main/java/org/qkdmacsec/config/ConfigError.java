package org.qkdmacsec.config;

import java.util.Objects;

/**
 * One problem in a configuration file an operator wrote (inventory, playbook, daemon or lab configuration),
 * rendered as {@code file:line:col: field: problem (hint)}. Lines and columns count from 1; a problem found
 * after reading, with no position left (the daemon's configuration checked against the machine), has line 0
 * and renders as {@code file: field: problem (hint)}, or {@code field: problem (hint)} without a file. Never
 * contains a secret value.
 *
 * @param field the YAML path of the offending value, e.g. {@code links[0].a.device}
 * @param hint  how to fix it; empty when there is nothing useful to add
 */
public record ConfigError(String file, int line, int column, String field, String problem, String hint) {
    public ConfigError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(hint, "hint");
    }

    /** A problem without a position in a file. */
    public static ConfigError of(String field, String problem, String hint) {
        return new ConfigError("", 0, 0, field, problem, hint);
    }

    @Override
    public String toString() {
        String where = file.isEmpty() ? "" : line > 0 ? file + ":" + line + ":" + column + ": " : file + ": ";
        return where + (field.isEmpty() ? "" : field + ": ") + problem + (hint.isEmpty() ? "" : " (" + hint + ")");
    }
}
