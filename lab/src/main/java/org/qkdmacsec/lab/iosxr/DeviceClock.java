package org.qkdmacsec.lab.iosxr;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The router's view of time: the lab clock plus a skew, shown in the device's configured time zone.
 * Key lifetimes are wall-clock times in that zone on the router's (possibly skewed) clock, so a key
 * configured for local time T becomes active at lab instant {@code T(zone) - skew}; the link model is fed
 * device-clock instants and the skew and does that arithmetic.
 */
record DeviceClock(Clock lab, Duration skew, ZoneId zone) {
    DeviceClock {
        if (lab == null || skew == null || zone == null) {
            throw new IllegalArgumentException("lab clock, skew and zone are required");
        }
        // The offset "Z" prints as "Z"; the router prints "UTC".
        zone = zone.normalized().equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : zone;
    }

    Instant labNow() {
        return lab.instant();
    }

    /** What the router believes the time is, in its zone. */
    ZonedDateTime deviceNow() {
        return lab.instant().plus(skew).atZone(zone);
    }
}
