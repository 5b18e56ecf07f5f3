package org.qkdmacsec.controller.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.lab.time.ManualClock;

class CadenceTest {
    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    @Test
    void firesOnTheGridOfTheIntervalShiftedByLessThanTheJitter() {
        Cadence c = new Cadence(T0, Duration.ofHours(1), Duration.ofMinutes(1));
        ManualClock clock = new ManualClock(T0);
        SplittableRandom random = new SplittableRandom(7);
        Set<Long> shifts = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            Instant slot = c.nextSlot(clock.instant());
            Instant fire = c.nextFire(clock.instant(), random);
            // The next slot is strictly after now and on the grid.
            assertTrue(slot.isAfter(clock.instant()));
            assertEquals(0, Duration.between(T0, slot).toMillis() % Duration.ofHours(1).toMillis());
            // Jitter bounds: [slot, slot + jitter).
            Duration shift = Duration.between(slot, fire);
            assertFalse(shift.isNegative(), shift.toString());
            assertTrue(shift.compareTo(Duration.ofMinutes(1)) < 0, shift.toString());
            shifts.add(shift.toMillis());
            clock.advanceTo(fire);
        }
        // A fresh shift each time, not one fixed offset.
        assertTrue(shifts.size() > 400, "distinct shifts: " + shifts.size());
    }

    @Test
    void aLongOutageIsOneNextFireNotACatchUp() {
        Cadence c = new Cadence(T0, Duration.ofSeconds(10), Duration.ZERO);
        // After 95 s without firing, the next fire is the next slot after now (100 s), not the 9 missed ones.
        assertEquals(T0.plusSeconds(100), c.nextFire(T0.plusSeconds(95), new SplittableRandom(1)));
        assertEquals(T0.plusSeconds(10), c.nextSlot(T0));
        assertEquals(T0, c.nextSlot(T0.minusSeconds(3)), "before the anchor: the anchor itself");
    }

    @Test
    void theFirstFireOfANewScheduleIsPromptWithinTheJitter() {
        Cadence c = new Cadence(T0, Duration.ofSeconds(10), Duration.ofSeconds(2));
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 100; i++) {
            Duration d = Duration.between(T0, c.firstFire(random));
            assertTrue(!d.isNegative() && d.compareTo(Duration.ofSeconds(2)) < 0, d.toString());
        }
    }

    @Test
    void alignedRunsFallMidwayBetweenKeyActivations() {
        Cadence c = new Cadence(T0, Duration.ofSeconds(10), Duration.ofSeconds(2));
        Instant keyStart = T0.plusMillis(3_700);
        Cadence a = c.between(keyStart);
        // Fire window [slot, slot + 2 s) is centred in (activation, next activation): 4..6 s after one.
        Instant slot = a.nextSlot(keyStart.plusSeconds(20));
        long sinceActivation = Duration.between(keyStart, slot).toMillis() % 10_000;
        assertEquals(4_000, sinceActivation);
        assertTrue(a.sameGrid(a.between(keyStart.plusSeconds(30))), "a later key on the same grid changes nothing");
        assertTrue(a.sameGrid(new Cadence(a.anchor().plusMillis(10_300), Duration.ofSeconds(10), Duration.ofSeconds(2))));
        assertFalse(a.sameGrid(c));
    }

    @Test
    void jitterMustBeShorterThanTheInterval() {
        assertThrows(IllegalArgumentException.class, () -> new Cadence(T0, Duration.ofSeconds(10), Duration.ofSeconds(10)));
        assertThrows(IllegalArgumentException.class, () -> new Cadence(T0, Duration.ZERO, Duration.ZERO));
    }
}
