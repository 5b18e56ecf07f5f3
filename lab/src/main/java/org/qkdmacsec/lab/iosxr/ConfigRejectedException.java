package org.qkdmacsec.lab.iosxr;

import java.util.List;

/** A commit refused because the resulting configuration has semantic errors; nothing was applied. */
final class ConfigRejectedException extends Exception {
    private final transient List<ConfigError> errors;

    ConfigRejectedException(List<ConfigError> errors) {
        super(errors.size() + " configuration item(s) failed validation: "
                + String.join("; ", errors.stream().map(ConfigError::oneLine).toList()));
        this.errors = List.copyOf(errors);
    }

    List<ConfigError> errors() {
        return errors;
    }
}
