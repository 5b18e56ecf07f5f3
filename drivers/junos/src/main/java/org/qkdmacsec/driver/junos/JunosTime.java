package org.qkdmacsec.driver.junos;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Key-chain {@code start-time} values: {@code YYYY-MM-DD.HH:MM[:SS]} in the device's local zone.
 * Junos may append a zone on read-back ({@code +0000}, {@code -0500}, {@code UTC}, an abbreviation
 * such as {@code CET}); without one the device's zone applies. Inside the program every time is a UTC
 * {@link Instant}; this class is the edge where device-local text is made and read.
 */
final class JunosTime {
    private static final Pattern START_TIME = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})\\.(\\d{2}):(\\d{2})(?::(\\d{2}))?\\s*(.*)");
    private static final Pattern NUMERIC_OFFSET = Pattern.compile("([+-])(\\d{2}):?(\\d{2})");
    private static final DateTimeFormatter RENDER = DateTimeFormatter.ofPattern("uuuu-MM-dd.HH:mm:ss", Locale.ROOT);

    private JunosTime() { }

    /**
     * Renders {@code t} as the device will read it. Sub-second parts are dropped (Junos has none).
     *
     * @throws IllegalArgumentException when the local time is ambiguous in {@code zone} (the repeated
     *         hour when daylight saving ends): the device could take either, so such a start-time is
     *         refused rather than risk a key starting an hour off
     */
    static String render(Instant t, ZoneId zone) {
        ZonedDateTime z = t.truncatedTo(ChronoUnit.SECONDS).atZone(zone);
        if (zone.getRules().getValidOffsets(z.toLocalDateTime()).size() > 1) {
            throw new IllegalArgumentException("start-time " + t + " is " + z.toLocalDateTime() + " in " + zone
                    + ", a local time that occurs twice (daylight saving ends); the device cannot tell which is meant");
        }
        return RENDER.format(z);
    }

    /**
     * Reads a start-time; {@code deviceZone} applies when the text carries no zone.
     *
     * @throws IllegalArgumentException text that is not a Junos start-time, or a zone suffix that
     *         cannot be resolved
     */
    static Instant parse(String text, ZoneId deviceZone) {
        Matcher m = START_TIME.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a Junos start-time (YYYY-MM-DD.HH:MM[:SS]): '" + text + "'");
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.of(num(m, 1), num(m, 2), num(m, 3), num(m, 4), num(m, 5),
                    m.group(6) == null ? 0 : num(m, 6));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("invalid date or time in start-time '" + text + "'", e);
        }
        return local.atZone(zoneOf(m.group(7).trim(), deviceZone, local, text)).toInstant();
    }

    private static ZoneId zoneOf(String suffix, ZoneId deviceZone, LocalDateTime local, String text) {
        if (suffix.isEmpty()) {
            return deviceZone;
        }
        Matcher n = NUMERIC_OFFSET.matcher(suffix);
        if (n.matches()) {
            int sign = n.group(1).equals("-") ? -1 : 1;
            return ZoneOffset.ofHoursMinutes(sign * Integer.parseInt(n.group(2)), sign * Integer.parseInt(n.group(3)));
        }
        String s = suffix.toUpperCase(Locale.ROOT);
        if (s.equals("UTC") || s.equals("GMT") || s.equals("Z")) {
            return ZoneOffset.UTC;
        }
        // An abbreviation is ambiguous in general (IST, CST); accept it only when it is the device
        // zone's own name for that moment, which is what Junos prints.
        ZonedDateTime z = local.atZone(deviceZone);
        String shortName = DateTimeFormatter.ofPattern("zzz", Locale.ROOT).format(z);
        if (suffix.equals(shortName) || suffix.equals(deviceZone.getDisplayName(TextStyle.SHORT, Locale.ROOT))) {
            return deviceZone;
        }
        try {
            return ZoneId.of(suffix);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("start-time '" + text + "' has zone '" + suffix
                    + "', which is neither an offset nor the device zone " + deviceZone + " (" + shortName + ")", e);
        }
    }

    private static int num(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }
}
