package org.qkdmacsec.controller.daemon;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition of a running daemon (or its webhook, or its database) until it holds. */
final class Waits {
    private Waits() {
    }

    static void await(BooleanSupplier condition, Duration limit, String what) {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + limit + " waiting until " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
