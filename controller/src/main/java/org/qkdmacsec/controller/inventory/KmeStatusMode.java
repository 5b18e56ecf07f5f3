package org.qkdmacsec.controller.inventory;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a KME's {@code /status} decides before a rollover (inventory {@code status:}). ETSI GS QKD 014
 * makes {@code enc_keys} the authority: it refuses cleanly, consuming nothing, when the KME has no keys.
 * Published KMEs answer {@code /status} with 404, with a Key container, or with a count that means
 * something else, so by default the status only informs.
 */
public enum KmeStatusMode {
    /** A valid Status with enough {@code stored_key_count} is required; anything else stops the rollover. */
    GATE,
    /**
     * The default: a usable Status gives the batch size and an early "not enough keys" warning; a 404, a
     * body that is not a Status or a short count gives one warning per KME and the rollover proceeds.
     */
    ADVISORY,
    /** {@code /status} is never asked (batch size from {@code max-keys-per-request}, else one key per call). */
    OFF;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<KmeStatusMode> fromId(String id) {
        return Arrays.stream(values()).filter(m -> m.id().equals(id)).findFirst();
    }
}
