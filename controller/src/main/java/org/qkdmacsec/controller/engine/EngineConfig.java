package org.qkdmacsec.controller.engine;

import java.time.Duration;

/**
 * Engine tunables. Defaults suit real routers; tests shrink nothing but use simulated time.
 *
 * @param skewBound       largest device clock offset from the controller (and between the ends)
 * @param leadMargin      added to p99 preparation time and to the confirm window to get the lead
 * @param confirmWindow   commit-confirmed window requested from devices (they may round it up)
 * @param confirmSafety   both confirms must be done this long before the start-time
 * @param verifySettle    wait after the start-time before checking MKA (a hello or two)
 * @param verifyTimeout   how long after the start-time MKA may take to report the new key secured
 * @param pollInterval    MKA polling interval during verification
 * @param maxConcurrent   transactions in progress at once across all links (fair FIFO admission)
 */
public record EngineConfig(Duration skewBound, Duration leadMargin, Duration confirmWindow, Duration confirmSafety,
                           Duration verifySettle, Duration verifyTimeout, Duration pollInterval, int maxConcurrent) {
    public static EngineConfig defaults() {
        return new EngineConfig(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(4), Duration.ofSeconds(60), Duration.ofSeconds(2), 64);
    }
}
