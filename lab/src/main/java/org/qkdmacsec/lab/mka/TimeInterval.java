package org.qkdmacsec.lab.mka;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A half-open interval [from, to) of lab time. */
public record TimeInterval(Instant from, Instant to) {
    public TimeInterval {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("interval ends before it starts: [" + from + ", " + to + ")");
        }
    }

    public Duration duration() {
        return Duration.between(from, to);
    }

    public boolean contains(Instant t) {
        return !t.isBefore(from) && t.isBefore(to);
    }

    @Override
    public String toString() {
        return "[" + from + ", " + to + ")";
    }
}
