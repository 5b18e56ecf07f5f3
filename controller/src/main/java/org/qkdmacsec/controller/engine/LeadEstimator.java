package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The activation lead: long enough that staging and confirming both ends finishes well before the
 * start-time, and longer than the device's rounded confirm window so an unconfirmed change rolls
 * back before it could activate. Lead = max(floor, p99(recent preparation times) + margin,
 * confirm window + margin).
 */
final class LeadEstimator {
    static final int WINDOW = 32;

    private LeadEstimator() { }

    static Duration lead(Duration floor, List<Duration> recentPreparations, Duration confirmWindow, Duration margin) {
        Duration lead = floor;
        if (!recentPreparations.isEmpty()) {
            lead = max(lead, p99(recentPreparations).plus(margin));
        }
        if (!confirmWindow.isZero()) {
            lead = max(lead, confirmWindow.plus(margin));
        }
        return lead;
    }

    /** Nearest-rank 99th percentile of up to the newest {@link #WINDOW} samples. */
    static Duration p99(List<Duration> samples) {
        List<Duration> s = new ArrayList<>(samples.subList(0, Math.min(WINDOW, samples.size())));
        s.sort(null);
        int rank = (int) Math.ceil(0.99 * s.size());
        return s.get(Math.max(0, rank - 1));
    }

    private static Duration max(Duration x, Duration y) {
        return x.compareTo(y) >= 0 ? x : y;
    }
}
