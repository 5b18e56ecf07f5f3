package org.qkdmacsec.harness.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;
import org.qkdmacsec.controller.engine.EngineScheduler;
import org.qkdmacsec.lab.time.ManualClock;

/**
 * Simulated time for the demo and tests: tasks run on the thread that calls {@link #runUntil}, and
 * when nothing is ready the clock jumps to the next timer. Device and KME I/O stay real (loopback
 * SSH, HTTPS); only waiting is skipped, so a day of schedule runs in seconds. The simulators share
 * the same {@link ManualClock}, so their commit-confirmed timers and the MKA model see the same time.
 */
public final class SimulatedScheduler implements EngineScheduler {
    private record Timed(Instant when, long seq, Runnable task) { }

    private final ManualClock clock;
    private final Deque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timed> timers =
            new PriorityQueue<>(Comparator.comparing(Timed::when).thenComparingLong(Timed::seq));
    private long seq;

    public SimulatedScheduler(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public synchronized void execute(Runnable task) {
        ready.add(task);
    }

    @Override
    public synchronized void executeAt(Instant when, Runnable task) {
        timers.add(new Timed(when, seq++, task));
    }

    /**
     * Runs tasks, advancing simulated time as needed, until {@code done} holds.
     *
     * @param limit simulated time after which to give up (a transaction that never ends is a bug)
     * @throws IllegalStateException if nothing is left to run and {@code done} still does not hold,
     *         or the limit passes
     */
    public void runUntil(BooleanSupplier done, Duration limit) {
        Instant deadline = clock.instant().plus(limit);
        while (!done.getAsBoolean()) {
            Runnable next;
            synchronized (this) {
                next = ready.poll();
                if (next == null) {
                    Timed t = timers.poll();
                    if (t == null) {
                        throw new IllegalStateException("simulation stalled: nothing scheduled and not done");
                    }
                    if (t.when().isAfter(deadline)) {
                        timers.add(t);
                        throw new IllegalStateException("simulation passed its limit of " + limit + " at " + clock.instant());
                    }
                    clock.advanceTo(t.when());
                    next = t.task();
                }
            }
            next.run();
        }
    }

    /** Advances simulated time by {@code d}, running everything that falls due on the way. */
    public void advance(Duration d) {
        Instant target = clock.instant().plus(d);
        while (true) {
            Runnable next;
            synchronized (this) {
                next = ready.poll();
                if (next == null) {
                    Timed t = timers.peek();
                    if (t == null || t.when().isAfter(target)) {
                        clock.advanceTo(target);
                        return;
                    }
                    timers.poll();
                    clock.advanceTo(t.when());
                    next = t.task();
                }
            }
            next.run();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            ready.clear();
            timers.clear();
        }
    }
}
