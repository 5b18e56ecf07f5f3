package org.qkdmacsec.lab.kme;

import java.util.EnumMap;
import java.util.Map;

/**
 * How many requests one KME received per endpoint: the ground truth for "exactly one request arrived",
 * whatever the client or a proxy in between did.
 */
public final class RequestCounts {
    private final Map<KmeEndpoint, Integer> counts = new EnumMap<>(KmeEndpoint.class);
    private final java.util.Set<java.net.InetSocketAddress> peers = new java.util.HashSet<>();

    synchronized void count(KmeEndpoint endpoint, java.net.InetSocketAddress from) {
        counts.merge(endpoint, 1, Integer::sum);
        if (from != null) {
            peers.add(from);
        }
    }

    /** Connections the requests came over (distinct client address and port): reuse shows as fewer connections than requests. */
    public synchronized int connections() {
        return peers.size();
    }

    /** Requests to {@code endpoint} so far. */
    public synchronized int of(KmeEndpoint endpoint) {
        return counts.getOrDefault(endpoint, 0);
    }
}
