package org.qkdmacsec.harness.cli;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.qkdmacsec.lab.kernel.KernelLab;
import org.qkdmacsec.lab.kernel.LabEndpoint;
import org.qkdmacsec.lab.kernel.PingResult;

/**
 * Pings across the real-kernel MACsec link, batch after batch, while the demo rolls its keys: the
 * packets lost are that link's measure of "hitless" (it has no MKA model; the kernel is the truth).
 */
final class DemoTraffic implements AutoCloseable {
    private static final int BATCH = 500;
    private static final Duration INTERVAL = Duration.ofMillis(10);

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final Thread thread;

    DemoTraffic(KernelLab lab, LabEndpoint from) {
        thread = new Thread(() -> {
            while (running.get()) {
                PingResult r = lab.ping(from, BATCH, INTERVAL, "71646b2d6d6163736563").join();
                sent.addAndGet(r.transmitted());
                received.addAndGet(r.received());
            }
        }, "demo-traffic");
        thread.setDaemon(true);
        thread.start();
    }

    long sent() {
        return sent.get();
    }

    long lost() {
        return sent.get() - received.get();
    }

    /** Stops after the batch in flight, so every packet sent is counted. */
    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
