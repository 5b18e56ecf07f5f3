package org.qkdmacsec.lab.kme;

import java.util.EnumMap;
import java.util.Map;

/**
 * How many requests one KME received per endpoint: the ground truth for "exactly one request arrived",
 * whatever the client or a proxy in between did.
 */
public final class RequestCounts {
    private final Map<KmeEndpoint, Integer> counts = new EnumMap<>(KmeEndpoint.class);

    synchronized void count(KmeEndpoint endpoint) {
        counts.merge(endpoint, 1, Integer::sum);
    }

    /** Requests to {@code endpoint} so far. */
    public synchronized int of(KmeEndpoint endpoint) {
        return counts.getOrDefault(endpoint, 0);
    }
}
