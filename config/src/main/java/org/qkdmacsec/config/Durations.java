package org.qkdmacsec.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: {@code 90s}, {@code 10m}, {@code 1h}, {@code 1d}, compounds such as
 * {@code 1h30m}, or ISO-8601 ({@code PT1H}). Only {@code clock-skew} accepts a leading minus.
 */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(?=\\d)(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private Durations() {
    }

    /** A non-negative duration, or empty when {@code text} is not one. */
    public static Optional<Duration> parse(String text) {
        Optional<Duration> d = parseSigned(text);
        return d.filter(x -> !x.isNegative());
    }

    /** A duration that may be negative ({@code -2s}, {@code -PT2S}), or empty when {@code text} is not one. */
    public static Optional<Duration> parseSigned(String text) {
        String t = text.strip();
        boolean negative = t.startsWith("-");
        String body = negative ? t.substring(1) : t;
        Matcher m = SHORT.matcher(body);
        try {
            if (m.matches()) {
                Duration d = Duration.ofDays(group(m, 1)).plusHours(group(m, 2))
                        .plusMinutes(group(m, 3)).plusSeconds(group(m, 4));
                return Optional.of(negative ? d.negated() : d);
            }
            if (body.startsWith("P")) {
                Duration d = Duration.parse(body);
                return Optional.of(negative ? d.negated() : d);
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The short form: {@code 1h30m}, {@code 90s} is shown as {@code 1m30s}, zero as {@code 0s}. */
    public static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long days = d.toDays();
        int hours = d.toHoursPart();
        int minutes = d.toMinutesPart();
        int seconds = d.toSecondsPart();
        int millis = d.toMillisPart();
        if (days > 0) {
            sb.append(days).append('d');
        }
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (minutes > 0) {
            sb.append(minutes).append('m');
        }
        if (seconds > 0 || millis > 0) {
            sb.append(seconds);
            if (millis > 0) {
                sb.append('.').append(String.format("%03d", millis));
            }
            sb.append('s');
        }
        return sb.toString();
    }

    private static long group(Matcher m, int i) {
        String g = m.group(i);
        return g == null ? 0 : Long.parseLong(g);
    }
}
