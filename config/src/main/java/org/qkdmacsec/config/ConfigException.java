package org.qkdmacsec.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration file cannot be used; carries every problem found, in file order. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    /** One problem without a position ({@link ConfigError#of}). */
    public static ConfigException of(String field, String problem, String hint) {
        return new ConfigException(List.of(ConfigError.of(field, problem, hint)));
    }

    public List<ConfigError> errors() {
        return errors;
    }

    /** Each problem as one line, {@code file:line:col: field: problem (hint)}. */
    public List<String> lines() {
        return errors.stream().map(ConfigError::toString).toList();
    }
}
