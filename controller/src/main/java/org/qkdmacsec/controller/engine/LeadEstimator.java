package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The activation lead. A side's confirmed commit rolls back by itself one confirm window after it
 * completes; for that to happen before the start-time even on the last side committed, the lead must
 * cover the whole preparation and the window: lead = max(floor, p99(recent preparation times) +
 * confirm window + margin). Preparation times include overruns (a preparation stopped because it
 * could no longer finish in time records at least twice what it had taken), so a device slower than
 * the lead raises the lead instead of missing it on every run.
 */
final class LeadEstimator {
    static final int WINDOW = 32;

    private LeadEstimator() { }

    static Duration lead(Duration floor, List<Duration> recentPreparations, Duration confirmWindow, Duration margin) {
        Duration preparation = recentPreparations.isEmpty() ? Duration.ZERO : p99(recentPreparations);
        Duration needed = preparation.plus(confirmWindow).plus(margin);
        return needed.compareTo(floor) > 0 ? needed : floor;
    }

    /** What an overrun teaches: the preparation takes at least twice what it had taken when stopped. */
    static Duration overrunSample(Duration elapsed) {
        return elapsed.multipliedBy(2);
    }

    /** Nearest-rank 99th percentile of up to the newest {@link #WINDOW} samples. */
    static Duration p99(List<Duration> samples) {
        List<Duration> s = new ArrayList<>(samples.subList(0, Math.min(WINDOW, samples.size())));
        s.sort(null);
        int rank = (int) Math.ceil(0.99 * s.size());
        return s.get(Math.max(0, rank - 1));
    }
}
