package org.qkdmacsec.driver.iosxr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceZonesTest {
    private static final Instant OBSERVED = Instant.parse("2026-07-10T17:50:00Z");

    private static ClockReading reading(LocalDateTime local, String zone) {
        return new ClockReading(local, zone, OBSERVED, true, "xr1", Optional.empty());
    }

    @Test
    void inventoryZoneWins() {
        var r = DeviceZones.interpret(reading(LocalDateTime.of(2026, 7, 10, 19, 50, 3), "CEST"),
                Optional.of(ZoneId.of("Europe/Zurich")));
        assertEquals(ZoneId.of("Europe/Zurich"), r.zone());
        assertEquals(Instant.parse("2026-07-10T17:50:03Z"), r.deviceTime());
    }

    @Test
    void utcIsUtcAndKeepsTheDeviceSkew() {
        var r = DeviceZones.interpret(reading(LocalDateTime.of(2026, 7, 10, 17, 50, 7), "UTC"), Optional.empty());
        assertEquals(ZoneOffset.UTC, r.zone());
        assertEquals(Instant.parse("2026-07-10T17:50:07Z"), r.deviceTime());
    }

    @Test
    void otherZonesBecomeTheOffsetRoundedToAQuarterHour() {
        var r = DeviceZones.interpret(reading(LocalDateTime.of(2026, 7, 10, 23, 20, 4), "IST"), Optional.empty());
        assertEquals(ZoneOffset.ofHoursMinutes(5, 30), r.zone());
        assertEquals(Instant.parse("2026-07-10T17:50:04Z"), r.deviceTime());
    }
}
