package org.qkdmacsec.controller.engine;

import java.time.Duration;

/**
 * Engine tunables. Defaults suit real routers; tests shrink nothing but use simulated time.
 *
 * @param skewBound        largest device clock offset from the controller (and between the ends)
 * @param leadMargin       added to p99 preparation time plus the confirm window to get the lead
 * @param confirmWindow    commit-confirmed window requested from devices (they may round it up)
 * @param confirmSafety    a confirmation is sent only this long before the side's rollback deadline
 * @param verifySettle     wait after the start-time before checking MKA (a hello or two)
 * @param verifyTimeout    how long after the start-time MKA may take to report the new key secured
 * @param pollInterval     MKA polling, and retrying a device whose state must be read back
 * @param maxConcurrent    transactions preparing at once across all links (fair FIFO admission)
 * @param reconcileTimeout how long a transaction keeps trying to reach a device whose state it must
 *                         know (an unconfirmed outcome, keys to remove) before it raises FAILED
 * @param kmeWait          how long a transaction waits, with backoff, for KMEs that say they have no
 *                         key yet (nothing consumed) before it gives up
 * @param batchWindow      how long a transaction ready to stage waits for others on the same devices, so
 *                         that one commit per device covers them all (zero: prepare at once)
 * @param batchLinks       the most links one batch prepares together
 */
public record EngineConfig(Duration skewBound, Duration leadMargin, Duration confirmWindow, Duration confirmSafety,
                           Duration verifySettle, Duration verifyTimeout, Duration pollInterval, int maxConcurrent,
                           Duration reconcileTimeout, Duration kmeWait, Duration batchWindow, int batchLinks) {
    public static final Duration DEFAULT_RECONCILE_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_KME_WAIT = Duration.ofMinutes(2);
    public static final Duration DEFAULT_BATCH_WINDOW = Duration.ofSeconds(2);
    public static final int DEFAULT_BATCH_LINKS = 64;

    public EngineConfig(Duration skewBound, Duration leadMargin, Duration confirmWindow, Duration confirmSafety,
                        Duration verifySettle, Duration verifyTimeout, Duration pollInterval, int maxConcurrent) {
        this(skewBound, leadMargin, confirmWindow, confirmSafety, verifySettle, verifyTimeout, pollInterval, maxConcurrent,
                DEFAULT_RECONCILE_TIMEOUT, DEFAULT_KME_WAIT, DEFAULT_BATCH_WINDOW, DEFAULT_BATCH_LINKS);
    }

    public EngineConfig withReconcileTimeout(Duration d) {
        return new EngineConfig(skewBound, leadMargin, confirmWindow, confirmSafety, verifySettle, verifyTimeout, pollInterval,
                maxConcurrent, d, kmeWait, batchWindow, batchLinks);
    }

    public EngineConfig withKmeWait(Duration d) {
        return new EngineConfig(skewBound, leadMargin, confirmWindow, confirmSafety, verifySettle, verifyTimeout, pollInterval,
                maxConcurrent, reconcileTimeout, d, batchWindow, batchLinks);
    }

    public EngineConfig withBatching(Duration window, int links) {
        return new EngineConfig(skewBound, leadMargin, confirmWindow, confirmSafety, verifySettle, verifyTimeout, pollInterval,
                maxConcurrent, reconcileTimeout, kmeWait, window, links);
    }

    public static EngineConfig defaults() {
        return new EngineConfig(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(4), Duration.ofSeconds(60), Duration.ofSeconds(2), 64);
    }
}
