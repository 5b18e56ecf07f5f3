package org.qkdmacsec.driver.iosxr;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A key-lifetime instant the way IOS-XR holds it: wall-clock fields in the key chain's time zone, one
 * second resolution, month as a lower-case English name ({@code january} … {@code december}). The
 * CLI writes it {@code hh:mm:ss day month year}; the YANG model has one leaf per field.
 */
record XrTime(int hour, int minute, int second, int dayOfMonth, Month month, int year) {

    /**
     * The wall time of {@code t} in {@code zone}, rounded up to the next whole second: an end of
     * lifetime rounded up keeps the overlap, a start rounded up never activates a key early.
     */
    static XrTime of(Instant t, ZoneId zone) {
        Instant whole = t.truncatedTo(ChronoUnit.SECONDS);
        if (whole.isBefore(t)) {
            whole = whole.plusSeconds(1);
        }
        LocalDateTime l = LocalDateTime.ofInstant(whole, zone);
        return new XrTime(l.getHour(), l.getMinute(), l.getSecond(), l.getDayOfMonth(), l.getMonth(), l.getYear());
    }

    /**
     * The instant in {@code zone}. A wall time that occurs twice (end of daylight saving time) maps
     * to its earlier occurrence; one that does not occur maps forward by the gap.
     */
    Instant toInstant(ZoneId zone) {
        LocalDateTime l = LocalDateTime.of(year, month, dayOfMonth, hour, minute, second);
        return ZonedDateTime.ofLocal(l, zone, null).toInstant();
    }

    /** {@code july}. */
    String monthName() {
        return month.name().toLowerCase(Locale.ROOT);
    }

    /** CLI form: {@code 19:47:00 10 july 2026}. */
    String cli() {
        return String.format(Locale.ROOT, "%02d:%02d:%02d %d %s %d", hour, minute, second, dayOfMonth, monthName(), year);
    }

    /** Parses a month as XR prints or accepts it: full name or three-letter abbreviation, any case. */
    static Optional<Month> parseMonth(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(Month.values())
                .filter(m -> {
                    String full = m.name().toLowerCase(Locale.ROOT);
                    return full.equals(n) || (n.length() == 3 && full.startsWith(n));
                })
                .findFirst();
    }
}
