package org.qkdmacsec.driver.junos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** start-time text across zones and daylight-saving changes; the program side is always UTC. */
class JunosTimeTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @ParameterizedTest
    @CsvSource({
        "2026-07-10.19:47:00,        UTC,              2026-07-10T19:47:00Z",
        "2026-07-10.19:47,           UTC,              2026-07-10T19:47:00Z",
        "2026-07-10.19:47:00 +0000,  Europe/Berlin,    2026-07-10T19:47:00Z",
        "2026-07-10.21:47:00 +0200,  UTC,              2026-07-10T19:47:00Z",
        "2026-07-10.15:47:00 -0400,  UTC,              2026-07-10T19:47:00Z",
        "2026-07-10.19:47:00 UTC,    America/New_York, 2026-07-10T19:47:00Z",
        "2026-07-10.21:47:00,        Europe/Berlin,    2026-07-10T19:47:00Z",
        "2026-01-10.20:47:00,        Europe/Berlin,    2026-01-10T19:47:00Z",
        "2026-07-10.21:47:00 CEST,   Europe/Berlin,    2026-07-10T19:47:00Z",
        "2026-01-10.20:47:00 CET,    Europe/Berlin,    2026-01-10T19:47:00Z",
        "2026-07-10.15:47:00 EDT,    America/New_York, 2026-07-10T19:47:00Z",
        "2026-07-10.15:47:00,        America/New_York, 2026-07-10T19:47:00Z",
        "2026-01-10.14:47:00,        America/New_York, 2026-01-10T19:47:00Z",
    })
    void parsesWithAndWithoutZoneSuffix(String text, String zone, String utc) {
        assertEquals(Instant.parse(utc), JunosTime.parse(text, ZoneId.of(zone)));
    }

    @Test
    void rendersInTheDeviceZoneWithoutSuffix() {
        Instant t = Instant.parse("2026-07-10T19:47:00Z");
        assertEquals("2026-07-10.19:47:00", JunosTime.render(t, ZoneOffset.UTC));
        assertEquals("2026-07-10.21:47:00", JunosTime.render(t, BERLIN));
        assertEquals("2026-07-10.15:47:00", JunosTime.render(t, NEW_YORK));
        assertEquals("2026-01-10.20:47:00", JunosTime.render(Instant.parse("2026-01-10T19:47:00Z"), BERLIN));
        assertEquals("2026-07-10.19:47:00", JunosTime.render(Instant.parse("2026-07-10T19:47:00.900Z"), ZoneOffset.UTC),
                "sub-second parts are dropped");
    }

    @Test
    void roundTripsEveryHalfHourAcrossBothDaylightSavingChanges() {
        for (ZoneId zone : new ZoneId[] {BERLIN, NEW_YORK, ZoneOffset.UTC, ZoneId.of("Asia/Kolkata")}) {
            for (Instant t = Instant.parse("2026-03-07T00:00:00Z"); t.isBefore(Instant.parse("2026-11-03T00:00:00Z"));
                    t = t.plus(Duration.ofMinutes(30))) {
                String text;
                try {
                    text = JunosTime.render(t, zone);
                } catch (IllegalArgumentException ambiguous) {
                    continue; // the repeated hour; covered below
                }
                assertEquals(t, JunosTime.parse(text, zone), zone + " " + t);
            }
        }
    }

    @Test
    void refusesToRenderTheRepeatedHourWhenDaylightSavingEnds() {
        // 2026-10-25 01:30 UTC is 02:30 CET, a local time Berlin passes twice (03:00 CEST -> 02:00 CET).
        var e = assertThrows(IllegalArgumentException.class,
                () -> JunosTime.render(Instant.parse("2026-10-25T01:30:00Z"), BERLIN));
        assertTrue(e.getMessage().contains("occurs twice"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JunosTime.render(Instant.parse("2026-10-25T00:30:00Z"), BERLIN));
        assertEquals("2026-10-25.03:00:00", JunosTime.render(Instant.parse("2026-10-25T02:00:00Z"), BERLIN));
    }

    @Test
    void spring_forwardGapIsNeverRenderedAndParsesForward() {
        // 02:00-03:00 on 2026-03-29 does not exist in Berlin: 01:00 UTC renders as 03:00 CEST.
        assertEquals("2026-03-29.03:00:00", JunosTime.render(Instant.parse("2026-03-29T01:00:00Z"), BERLIN));
        assertEquals(Instant.parse("2026-03-29T01:30:00Z"), JunosTime.parse("2026-03-29.02:30:00", BERLIN));
    }

    @ParameterizedTest
    @CsvSource({"2026-07-10 19:47:00", "2026-13-10.19:47:00", "2026-07-10.19:47:00 XYZ", "yesterday", "2026-07-10.25:00"})
    void refusesWhatIsNotAStartTime(String text) {
        assertThrows(IllegalArgumentException.class, () -> JunosTime.parse(text, ZoneOffset.UTC));
    }
}
