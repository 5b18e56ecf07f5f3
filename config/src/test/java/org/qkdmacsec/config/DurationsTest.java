package org.qkdmacsec.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void shortAndIsoFormsParse() {
        assertEquals(Optional.of(Duration.ofSeconds(90)), Durations.parse("90s"));
        assertEquals(Optional.of(Duration.ofMinutes(10)), Durations.parse("10m"));
        assertEquals(Optional.of(Duration.ofHours(1)), Durations.parse("1h"));
        assertEquals(Optional.of(Duration.ofDays(1)), Durations.parse("1d"));
        assertEquals(Optional.of(Duration.ofMinutes(90)), Durations.parse("1h30m"));
        assertEquals(Optional.of(Duration.ofHours(1)), Durations.parse("PT1H"));
        assertEquals(Optional.of(Duration.ofDays(2)), Durations.parse("P2D"));
        assertEquals(Optional.of(Duration.ZERO), Durations.parse("0s"));
    }

    @Test
    void malformedOrNegativeIsRejected() {
        for (String bad : new String[] {"", "90", "10 minutes", "1m1h", "s", "-5s", "PT", "1.5h", "P1Y"}) {
            assertEquals(Optional.empty(), Durations.parse(bad), bad);
        }
    }

    @Test
    void clockSkewMayBeNegative() {
        assertEquals(Optional.of(Duration.ofSeconds(-2)), Durations.parseSigned("-2s"));
        assertEquals(Optional.of(Duration.ofSeconds(-2)), Durations.parseSigned("-PT2S"));
    }

    @Test
    void formatsInTheShortForm() {
        assertEquals("1m30s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("1d2h", Durations.format(Duration.ofHours(26)));
        assertEquals("0s", Durations.format(Duration.ZERO));
        assertEquals("-2s", Durations.format(Duration.ofSeconds(-2)));
        assertEquals("0.250s", Durations.format(Duration.ofMillis(250)));
    }
}
