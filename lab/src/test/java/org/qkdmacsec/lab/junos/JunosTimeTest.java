package org.qkdmacsec.lab.junos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JunosTimeTest {
    @Test
    void startTimesAreDeviceLocalAndReadBackWithTheirOffset() {
        var summer = JunosTime.parseStartTime("2026-07-10.14:05", JunosFixtures.ZURICH);
        assertEquals(Instant.parse("2026-07-10T12:05:00Z"), summer.toInstant());
        assertEquals("2026-07-10.14:05:00 +0200", JunosTime.formatStartTime(summer));
        var winter = JunosTime.parseStartTime("2026-1-2.3:04:05", JunosFixtures.ZURICH);
        assertEquals("2026-01-02.03:04:05 +0100", JunosTime.formatStartTime(winter));
        // an explicit suffix (as read back) wins over the device zone
        assertEquals(Instant.parse("2026-07-10T14:05:00Z"),
                JunosTime.parseStartTime("2026-07-10.14:05:00 +0000", JunosFixtures.ZURICH).toInstant());
        assertThrows(DateTimeException.class, () -> JunosTime.parseStartTime("2026/07/10 14:05", JunosFixtures.ZURICH));
    }

    @Test
    void operationalFormats() {
        assertEquals("2026-07-10 14:00:00 CEST", JunosTime.dateTime(JunosFixtures.T, JunosFixtures.ZURICH));
        assertEquals("00:05:00", JunosTime.remaining(Duration.ofMinutes(5)));
        assertEquals("1d 02:03:04", JunosTime.remaining(Duration.ofSeconds(86400 + 7384)));
    }
}
