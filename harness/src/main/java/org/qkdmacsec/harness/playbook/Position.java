package org.qkdmacsec.harness.playbook;

import org.qkdmacsec.config.ConfigError;
import org.yaml.snakeyaml.error.Mark;

/**
 * Where a value was written in a playbook: every problem found later (a selector that matches no
 * link, a fault the lab cannot inject) is reported there, as {@code file:line:col: field: problem}.
 */
public record Position(String file, int line, int column, String field) {
    static Position of(String file, Mark mark, String field) {
        return new Position(file, mark == null ? 1 : mark.getLine() + 1, mark == null ? 1 : mark.getColumn() + 1, field);
    }

    ConfigError error(String problem, String hint) {
        return new ConfigError(file, line, column, field, problem, hint);
    }
}
