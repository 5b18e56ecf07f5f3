package org.qkdmacsec.controller.daemon;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread for the daemon's periodic chores (recovery of dead owners, condition alarms, the
 * inventory watch) and for reloads asked for by a signal: they run one at a time, so a reload never
 * races the file watcher. A chore that fails is logged and runs again next time.
 */
final class Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("qkd_macsec.daemon");

    private final ScheduledExecutorService executor;
    private final BooleanSupplier stopping;

    Housekeeping(String threadName, BooleanSupplier stopping) {
        this.stopping = stopping;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} every {@code period} (after each run ends), unless the daemon is stopping; zero: never. */
    void every(Duration period, Runnable task) {
        every(period, period, task);
    }

    void every(Duration first, Duration period, Runnable task) {
        if (period.isZero()) {
            return;
        }
        executor.scheduleWithFixedDelay(() -> {
            try {
                if (!stopping.getAsBoolean()) {
                    task.run();
                }
            } catch (RuntimeException e) {
                // A periodic task must survive a bad round (journal briefly unreachable, …).
                LOG.error("event=housekeeping error=\"{}\"", e.toString());
            }
        }, first.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} once, soon, on this thread; false when shutting down. */
    boolean once(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
