package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long each device's recent commits took, in memory. A batch commits its devices one after another,
 * so a link's start-time must leave room for the commits of the other devices in its batch; this says how
 * much. A device not yet seen is assumed to take {@link #ASSUMED} (Juniper measured about 4.4 s per commit
 * on MX/ACX for its QKD scripts); the journal's preparation times teach the lead the rest.
 */
final class CommitTimes {
    static final Duration ASSUMED = Duration.ofSeconds(5);
    private static final int KEEP = 8;
    private final Map<String, Deque<Duration>> recent = new ConcurrentHashMap<>();

    void record(String device, Duration took) {
        Deque<Duration> q = recent.computeIfAbsent(device, d -> new ArrayDeque<>());
        synchronized (q) {
            q.addLast(took);
            if (q.size() > KEEP) {
                q.removeFirst();
            }
        }
    }

    /** The longest of the device's recent commits, or {@link #ASSUMED} for a device not seen yet. */
    Duration expected(String device) {
        Deque<Duration> q = recent.get(device);
        if (q == null) {
            return ASSUMED;
        }
        synchronized (q) {
            return q.stream().max(Duration::compareTo).orElse(ASSUMED);
        }
    }

    /** What committing all of {@code devices} one after another is expected to take. */
    Duration sum(Collection<String> devices) {
        return devices.stream().distinct().map(this::expected).reduce(Duration.ZERO, Duration::plus);
    }
}
