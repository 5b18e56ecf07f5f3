package org.qkdmacsec.controller.engine;

import java.time.Clock;
import java.time.Instant;

/**
 * Where the engine's steps run. A transaction never holds a thread while it waits for a start-time
 * or an overlap: it schedules its continuation here, so 10,000 links cost timers, not threads.
 */
public interface EngineScheduler extends AutoCloseable {
    Clock clock();

    /** Runs {@code task} on a worker as soon as possible. */
    void execute(Runnable task);

    /** Runs {@code task} on a worker at or after {@code when} by {@link #clock()}. */
    void executeAt(Instant when, Runnable task);

    @Override
    void close();
}
