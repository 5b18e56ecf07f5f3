package org.qkdmacsec.lab.junos;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Junos time texts: key-chain start-times in device local time, and operational date-times. */
final class JunosTime {
    private static final Pattern START_TIME = Pattern.compile(
            "(\\d{4})-(\\d{1,2})-(\\d{1,2})\\.(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:\\s*([+-]\\d{4}))?");
    private static final DateTimeFormatter START_OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd.HH:mm:ss xx", Locale.ROOT);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz", Locale.ROOT);

    private JunosTime() {
    }

    /**
     * Parses {@code YYYY-MM-DD.HH:MM[:SS]} in the device's zone, or with an explicit {@code ±HHMM}
     * suffix (as read back); the result is in the device's zone.
     */
    static ZonedDateTime parseStartTime(String text, ZoneId zone) {
        Matcher m = START_TIME.matcher(text.trim());
        if (!m.matches()) {
            throw new DateTimeException("expected YYYY-MM-DD.HH:MM[:SS]");
        }
        LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
        if (m.group(7) != null) {
            ZoneOffset offset = ZoneOffset.of(m.group(7).substring(0, 3) + ":" + m.group(7).substring(3));
            return local.atOffset(offset).atZoneSameInstant(zone);
        }
        return local.atZone(zone);
    }

    /** The read-back form: {@code 2026-07-10.19:47:00 +0200}. */
    static String formatStartTime(ZonedDateTime t) {
        return START_OUT.format(t);
    }

    /** Operational form: {@code 2026-07-10 19:47:00 CEST}. */
    static String dateTime(Instant deviceInstant, ZoneId zone) {
        return DATE_TIME.format(deviceInstant.atZone(zone));
    }

    /** {@code 1d 02:03:04} or {@code 02:03:04}. */
    static String remaining(Duration d) {
        long s = Math.max(0, d.getSeconds());
        String hms = String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600 % 24, s / 60 % 60, s % 60);
        return s >= 86400 ? (s / 86400) + "d " + hms : hms;
    }
}
