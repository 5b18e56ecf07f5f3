package org.qkdmacsec.harness.chaos;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.qkdmacsec.controller.engine.EngineScheduler;
import org.qkdmacsec.lab.time.ManualClock;

/**
 * Deterministic simulated time for a fault-search run: one thread, one queue ordered by (time,
 * sequence), several lanes. Each controller runs on its own lane, so a crash drops exactly that
 * controller's pending continuations, and a lane that is shut down rejects new work as a real
 * thread pool does after shutdown. The world (faults that start or clear at an instant) has a lane too.
 */
final class SimLoop {
    private record Task(Instant when, long seq, Lane lane, Runnable body) { }

    /** Thrown out of a task to stop its controller dead, as kill -9 would. */
    static final class Killed extends Error {
        private static final long serialVersionUID = 1L;

        Killed(String where) {
            super("killed at " + where);
        }
    }

    private final ManualClock clock;
    private final PriorityQueue<Task> queue = new PriorityQueue<>(Comparator.comparing(Task::when).thenComparingLong(Task::seq));
    private long seq;
    private long executed;

    SimLoop(ManualClock clock) {
        this.clock = clock;
    }

    ManualClock clock() {
        return clock;
    }

    long executed() {
        return executed;
    }

    Lane lane(String name) {
        return new Lane(name);
    }

    /**
     * Runs tasks in time order, advancing the clock, until {@code done} holds (true) or the clock would
     * pass {@code limit} or nothing is left (false). A task of a lane that throws {@link Killed} crashes
     * that lane and is reported to {@code onKill}.
     */
    boolean runUntil(BooleanSupplier done, Instant limit, java.util.function.Consumer<Lane> onKill) {
        while (!done.getAsBoolean()) {
            Task t = queue.peek();
            if (t == null || t.when().isAfter(limit)) {
                return done.getAsBoolean();
            }
            queue.poll();
            if (t.lane().crashed) {
                continue;
            }
            clock.advanceTo(t.when());
            executed++;
            try {
                t.body().run();
            } catch (Killed k) {
                t.lane().crash();
                onKill.accept(t.lane());
            }
        }
        return true;
    }

    /** Runs everything due up to {@code until}, then sets the clock there. */
    void advanceTo(Instant until, java.util.function.Consumer<Lane> onKill) {
        runUntil(() -> false, until, onKill);
        clock.advanceTo(until);
    }

    /** One controller's (or the world's) share of the loop, as the engine sees it. */
    final class Lane implements EngineScheduler {
        private final String name;
        private boolean crashed;
        private boolean shutDown;

        private Lane(String name) {
            this.name = name;
        }

        String name() {
            return name;
        }

        boolean crashed() {
            return crashed;
        }

        void crash() {
            crashed = true;
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public void execute(Runnable task) {
            executeAt(clock.instant(), task);
        }

        @Override
        public void executeAt(Instant when, Runnable task) {
            if (shutDown || crashed) {
                throw new RejectedExecutionException("lane " + name + " is shut down");
            }
            Instant at = when.isBefore(clock.instant()) ? clock.instant() : when;
            queue.add(new Task(at, seq++, this, task));
        }

        void after(Duration d, Runnable task) {
            executeAt(clock.instant().plus(d), task);
        }

        /** A graceful process exit: new work is refused, queued work never runs. */
        @Override
        public void close() {
            shutDown = true;
            crashed = true;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
