package org.qkdmacsec.lab.iosxr;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The router's view of time: the lab clock plus a skew, shown in the device's configured time zone.
 * Key lifetimes are wall-clock times in that zone on the router's (possibly skewed) clock, so a key
 * configured for local time T becomes active at lab instant {@code T(zone) - skew}.
 */
record DeviceClock(Clock lab, Duration skew, ZoneId zone) {
    DeviceClock {
        if (lab == null || skew == null || zone == null) {
            throw new IllegalArgumentException("lab clock, skew and zone are required");
        }
    }

    Instant labNow() {
        return lab.instant();
    }

    /** What the router believes the time is, in its zone. */
    ZonedDateTime deviceNow() {
        return lab.instant().plus(skew).atZone(zone);
    }

    /** The lab instant at which the router's clock reads local time {@code t}. */
    Instant labInstantOf(LocalDateTime t) {
        return ZonedDateTime.of(t, zone).toInstant().minus(skew);
    }

    /** The router's local time at lab instant {@code labT}. */
    LocalDateTime deviceLocalAt(Instant labT) {
        return labT.plus(skew).atZone(zone).toLocalDateTime();
    }
}
