package org.qkdmacsec.lab.mka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The intervals of the window [from, to) during which no CA of the link was secured. The ground truth
 * for every "hitless" assertion.
 */
public record OutageTimeline(Instant from, Instant to, List<TimeInterval> outages) {
    public OutageTimeline {
        outages = List.copyOf(outages);
    }

    /** Total time without a secured CA in the window. */
    public Duration total() {
        return outages.stream().map(TimeInterval::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** {@link #total()} in seconds, with fractions. */
    public double totalSeconds() {
        return total().toNanos() / 1e9;
    }

    /** True when the window had no outage at all. */
    public boolean hitless() {
        return outages.isEmpty();
    }
}
