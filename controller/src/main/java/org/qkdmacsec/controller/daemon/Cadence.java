package org.qkdmacsec.controller.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When a link's job fires: on a grid of its interval counted from an anchor (the moment the schedule
 * was created or changed), each fire shifted by a fresh random amount in {@code [0, jitter)} so many
 * links spread over time instead of hitting the KMEs together. Pure: time and randomness are given.
 *
 * @param anchor   start of the grid
 * @param interval grid spacing (the inventory's {@code schedule.interval})
 * @param jitter   upper bound (exclusive) of each fire's shift; shorter than the interval
 */
record Cadence(Instant anchor, Duration interval, Duration jitter) {
    static final long PHASE_TOLERANCE_MS = 500;

    Cadence {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive");
        }
        if (jitter.isNegative() || jitter.compareTo(interval) >= 0) {
            throw new IllegalArgumentException("jitter must be in [0, interval)");
        }
    }

    /** The first grid point strictly after {@code now}. */
    Instant nextSlot(Instant now) {
        if (now.isBefore(anchor)) {
            return anchor;
        }
        long k = Duration.between(anchor, now).toMillis() / interval.toMillis() + 1;
        return anchor.plusMillis(k * interval.toMillis());
    }

    /** The next fire: the next grid point after {@code now} plus a random shift below the jitter. */
    Instant nextFire(Instant now, RandomGenerator random) {
        return nextSlot(now).plus(shift(random));
    }

    /** The first fire of a new schedule: at the anchor plus a random shift (a new link is keyed promptly). */
    Instant firstFire(RandomGenerator random) {
        return anchor.plus(shift(random));
    }

    /**
     * The same interval and jitter on a grid whose fire window {@code [slot, slot + jitter)} is centred
     * between two key activations, given one activation of the link's key grid.
     */
    Cadence between(Instant keyStart) {
        return new Cadence(keyStart.plus(interval.minus(jitter).dividedBy(2)), interval, jitter);
    }

    /** Whether both grids fire at the same phase (within {@value #PHASE_TOLERANCE_MS} ms). */
    boolean sameGrid(Cadence other) {
        long i = interval.toMillis();
        long d = Math.floorMod(other.anchor.toEpochMilli() - anchor.toEpochMilli(), i);
        return interval.equals(other.interval) && jitter.equals(other.jitter) && (d <= PHASE_TOLERANCE_MS || i - d <= PHASE_TOLERANCE_MS);
    }

    private Duration shift(RandomGenerator random) {
        return jitter.isZero() ? Duration.ZERO : Duration.ofMillis(random.nextLong(jitter.toMillis()));
    }
}
