package org.qkdmacsec.controller.inventory;

import java.time.Duration;
import java.util.Objects;

/**
 * When a link is rekeyed: every {@code interval}, shifted by a random amount up to {@code jitter} so that
 * many links do not hit the KMEs at the same instant.
 */
public record Schedule(Duration interval, Duration jitter) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);

    public Schedule {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(jitter, "jitter");
    }
}
