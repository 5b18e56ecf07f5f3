package org.qkdmacsec.driver.iosxr;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a device's wall-clock reading into a UTC instant and a zone. The inventory's zone wins (it
 * knows daylight-saving rules); a device printing UTC/GMT is UTC; otherwise the zone is the fixed
 * offset between the device's wall clock and the controller's UTC clock, rounded to 15 minutes
 * (zone abbreviations such as IST are ambiguous, so they are not looked up).
 */
final class DeviceZones {
    private static final Set<String> UTC_NAMES = Set.of("UTC", "GMT", "Z", "UCT", "ZULU", "");
    private static final int QUARTER_HOUR = 900;

    private DeviceZones() {
    }

    record Reading(ZoneId zone, Instant deviceTime) { }

    static Reading interpret(ClockReading clock, Optional<ZoneId> inventoryZone) {
        LocalDateTime local = clock.localTime();
        if (inventoryZone.isPresent()) {
            return new Reading(inventoryZone.get(), local.atZone(inventoryZone.get()).toInstant());
        }
        if (UTC_NAMES.contains(clock.zoneName().trim().toUpperCase(Locale.ROOT))) {
            return new Reading(ZoneOffset.UTC, local.toInstant(ZoneOffset.UTC));
        }
        long apart = local.toEpochSecond(ZoneOffset.UTC) - clock.observedAt().getEpochSecond();
        long rounded = Math.round((double) apart / QUARTER_HOUR) * QUARTER_HOUR;
        ZoneOffset offset = ZoneOffset.ofTotalSeconds((int) Math.max(-18 * 3600, Math.min(18 * 3600, rounded)));
        return new Reading(offset, local.toInstant(offset));
    }
}
