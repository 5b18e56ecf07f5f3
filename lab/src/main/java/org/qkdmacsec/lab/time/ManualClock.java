package org.qkdmacsec.lab.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when told, so that hours of key schedule run in milliseconds. Shared by the
 * simulators, the MKA link model and the tests that drive them. Thread-safe; time never goes back
 * unless {@link #set} is used on purpose (a device clock jump).
 */
public final class ManualClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public ManualClock(Instant start) {
        this(new AtomicReference<>(start), ZoneOffset.UTC);
    }

    private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view of the same time line in another zone (shares the instant with this clock). */
    @Override
    public Clock withZone(ZoneId zone) {
        return new ManualClock(now, zone);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /** Moves time forward by {@code d} and returns the new instant. */
    public Instant advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + d);
        }
        return now.updateAndGet(t -> t.plus(d));
    }

    /** Moves time to {@code t} if that is later than now; returns the resulting instant. */
    public Instant advanceTo(Instant t) {
        return now.updateAndGet(cur -> t.isAfter(cur) ? t : cur);
    }

    /** Sets the time to {@code t}, backwards included (models a clock jump). */
    public void set(Instant t) {
        now.set(t);
    }

    @Override
    public String toString() {
        return "ManualClock[" + now.get() + "]";
    }
}
