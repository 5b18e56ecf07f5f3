package org.qkdmacsec.controller.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Real time: one timer thread hands due continuations to a fixed pool of workers. */
public final class ThreadPoolScheduler implements EngineScheduler {
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;

    public ThreadPoolScheduler(Clock clock, int workerThreads) {
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(named("engine-timer"));
        this.workers = Executors.newFixedThreadPool(workerThreads, named("engine-worker"));
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void execute(Runnable task) {
        workers.execute(task);
    }

    @Override
    public void executeAt(Instant when, Runnable task) {
        long delay = Math.max(0, Duration.between(clock.instant(), when).toMillis());
        timer.schedule(() -> workers.execute(task), delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
