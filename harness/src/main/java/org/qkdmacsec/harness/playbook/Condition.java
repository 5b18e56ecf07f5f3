package org.qkdmacsec.harness.playbook;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What {@code wait: {until: …}} waits for, on every target link. */
public enum Condition {
    /** Both devices answer (login and facts): a freshly booted VM is ready. */
    REACHABLE,
    /** MKA secured on both ends with the link's current key (the check of {@code verify}). */
    SECURED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Condition> fromId(String id) {
        return Arrays.stream(values()).filter(c -> c.id().equals(id)).findFirst();
    }
}
