package org.qkdmacsec.lab.mka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a device reports for one port from lab instant {@code at} on, until its next feed: its committed
 * keys (times on the device clock), its clock offset (device clock = lab clock + offset) and its
 * activation rule.
 */
public record PortFeed(Instant at, List<MkaKey> keys, Duration clockOffset, ActivationRule rule) {
    public PortFeed {
        Objects.requireNonNull(at, "at");
        keys = List.copyOf(keys);
        Objects.requireNonNull(clockOffset, "clockOffset");
        Objects.requireNonNull(rule, "rule");
    }

    /** Whether {@code other} reports the same keys, clock offset and rule (its instant aside). */
    boolean sameState(PortFeed other) {
        return keys.equals(other.keys) && clockOffset.equals(other.clockOffset) && rule == other.rule;
    }

    /** The lab instant at which the device clock shows {@code deviceInstant}. */
    Instant toLab(Instant deviceInstant) {
        return deviceInstant.minus(clockOffset);
    }

    /** The device-clock instant at lab instant {@code lab}. */
    Instant toDevice(Instant lab) {
        return lab.plus(clockOffset);
    }
}
