package org.qkdmacsec.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;

/** Collects every problem of one YAML file, so the operator sees them all at once. */
public final class Problems {
    private final String file;
    private final List<ConfigError> errors = new ArrayList<>();

    public Problems(String file) {
        this.file = file;
    }

    /** The file's name as messages give it. */
    public String file() {
        return file;
    }

    /** A problem at {@code mark} (null: the file's start). */
    public void add(Mark mark, String field, String problem, String hint) {
        int line = mark == null ? 1 : mark.getLine() + 1;
        int column = mark == null ? 1 : mark.getColumn() + 1;
        errors.add(new ConfigError(file, line, column, field, problem, hint));
    }

    /** How many problems so far: an entry that added none is valid. */
    public int count() {
        return errors.size();
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** In file order; stable for problems at the same position. */
    public List<ConfigError> sorted() {
        List<ConfigError> out = new ArrayList<>(errors);
        out.sort(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
        return out;
    }

    /** Every problem so far, in file order, as the exception loaders throw. */
    public ConfigException failure() {
        return new ConfigException(sorted());
    }
}
