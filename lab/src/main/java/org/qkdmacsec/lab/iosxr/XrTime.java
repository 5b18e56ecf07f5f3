package org.qkdmacsec.lab.iosxr;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.Month;
import java.util.Locale;

/**
 * A lifetime instant as IOS-XR keeps it: wall-clock fields in the device's time zone, month by name.
 * Fields are range-checked on entry (as the CLI parser and the YANG ranges do) but the date as a whole
 * is only checked at commit ({@link #toLocalDateTime()}), so "30 february" is a commit-time error.
 */
record XrTime(int hour, int minute, int second, Month month, int dayOfMonth, int year) {
    static final int MIN_YEAR = 1993;
    static final int MAX_YEAR = 2035;

    XrTime {
        checkRange("hour", hour, 0, 23);
        checkRange("minute", minute, 0, 59);
        checkRange("second", second, 0, 59);
        checkRange("day-of-month", dayOfMonth, 1, 31);
        checkRange("year", year, MIN_YEAR, MAX_YEAR);
        if (month == null) {
            throw new IllegalArgumentException("month is required");
        }
    }

    /** @throws DateTimeException if the fields do not name a real date (e.g. 31 april) */
    LocalDateTime toLocalDateTime() {
        return LocalDateTime.of(year, month, dayOfMonth, hour, minute, second);
    }

    /** The YANG / CLI month name, lower case. */
    String monthName() {
        return month.name().toLowerCase(Locale.ROOT);
    }

    /** As {@code show running-config} prints it: {@code hh:mm:ss month dd yyyy}. */
    String cli() {
        return String.format(Locale.ROOT, "%02d:%02d:%02d %s %02d %d", hour, minute, second, monthName(), dayOfMonth, year);
    }

    private static void checkRange(String what, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + " " + v + " is out of range " + min + ".." + max);
        }
    }
}
