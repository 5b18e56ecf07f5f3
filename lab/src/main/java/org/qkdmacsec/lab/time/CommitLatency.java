package org.qkdmacsec.lab.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long a simulated router takes to commit. Real routers take seconds: Juniper's own figures for its
 * QKD scripts are about 4.4 s per commit on MX/ACX, and seed 002's log shows about 9.6 s for one run of
 * two links. The latency elapses on the simulator's clock: with a real clock the commit takes that long
 * in wall time (the calling thread sleeps); with a {@link ManualClock} the commit moves the shared lab
 * clock forward to the instant it completes, so simulated seconds pass at no wall cost. Two commits
 * that start at the same simulated instant on different routers both complete at start + latency, as
 * they would in parallel on real routers.
 */
public final class CommitLatency {
    private final Clock clock;
    private final Duration latency;
    private final java.util.concurrent.atomic.AtomicLong operations = new java.util.concurrent.atomic.AtomicLong();

    public CommitLatency(Clock clock, Duration latency) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.latency = Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("negative commit latency " + latency);
        }
    }

    public Duration latency() {
        return latency;
    }

    /**
     * Lets one commit take its time; returns the lab instant at which it completes (the caller applies
     * the commit then, and a confirmed commit's rollback timer starts there).
     *
     * @throws InterruptedException when a real-clock wait is interrupted
     */
    public Instant elapse() throws InterruptedException {
        return elapse(Duration.ZERO);
    }

    /** As {@link #elapse()}, the commit taking {@code extra} longer than usual (a router slowed by load). */
    public Instant elapse(Duration extra) throws InterruptedException {
        operations.incrementAndGet();
        Instant start = clock.instant();
        Duration takes = latency.plus(extra);
        if (takes.isZero()) {
            return start;
        }
        if (clock instanceof ManualClock manual) {
            return manual.advanceTo(start.plus(takes));
        }
        Thread.sleep(takes.toMillis(), takes.toNanosPart() % 1_000_000);
        return clock.instant();
    }

    /** Commit operations (commits and confirmations) that have taken their time so far: what a benchmark counts. */
    public long operations() {
        return operations.get();
    }

    @Override
    public String toString() {
        return "CommitLatency[" + latency + (clock instanceof ManualClock ? ", simulated" : ", wall") + "]";
    }
}
