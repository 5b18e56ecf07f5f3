package org.qkdmacsec.lab.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ManualClockTest {
    @Test
    void movesOnlyForwardUnlessSetOnPurpose() {
        ManualClock c = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        assertEquals(Instant.parse("2026-01-01T00:01:00Z"), c.advance(Duration.ofMinutes(1)));
        assertEquals(Instant.parse("2026-01-01T00:01:00Z"), c.advanceTo(Instant.parse("2026-01-01T00:00:30Z")));
        assertThrows(IllegalArgumentException.class, () -> c.advance(Duration.ofSeconds(-1)));
        c.set(Instant.parse("2025-12-31T23:00:00Z"));
        assertEquals(Instant.parse("2025-12-31T23:00:00Z"), c.instant());
    }

    @Test
    void zonedViewsShareTheInstant() {
        ManualClock c = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        var zurich = c.withZone(ZoneId.of("Europe/Zurich"));
        c.advance(Duration.ofHours(1));
        assertEquals(c.instant(), zurich.instant());
        assertEquals(ZoneId.of("Europe/Zurich"), zurich.getZone());
    }
}
