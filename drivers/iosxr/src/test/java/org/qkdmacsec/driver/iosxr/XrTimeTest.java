package org.qkdmacsec.driver.iosxr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Lifetimes are rendered in the chain's zone; the same instant reads back from every zone. */
class XrTimeTest {
    private static final Instant T = Instant.parse("2026-07-10T17:47:00Z");

    @Test
    void rendersOneInstantInSeveralZones() {
        assertEquals("17:47:00 10 july 2026", XrTime.of(T, ZoneOffset.UTC).cli());
        assertEquals("19:47:00 10 july 2026", XrTime.of(T, ZoneId.of("Europe/Zurich")).cli());
        assertEquals("13:47:00 10 july 2026", XrTime.of(T, ZoneId.of("America/New_York")).cli());
        assertEquals("23:17:00 10 july 2026", XrTime.of(T, ZoneId.of("Asia/Kolkata")).cli());
        assertEquals("05:47:00 11 july 2026", XrTime.of(T, ZoneId.of("Pacific/Auckland")).cli());
        for (String z : new String[] {"UTC", "Europe/Zurich", "America/New_York", "Asia/Kolkata", "Pacific/Auckland"}) {
            ZoneId zone = ZoneId.of(z);
            assertEquals(T, XrTime.of(T, zone).toInstant(zone), z);
        }
    }

    @Test
    void crossesYearBoundaryAndUsesFullMonthNames() {
        XrTime t = XrTime.of(Instant.parse("2026-12-31T23:30:00Z"), ZoneId.of("Asia/Tokyo"));
        assertEquals(new XrTime(8, 30, 0, 1, Month.JANUARY, 2027), t);
        assertEquals("january", t.monthName());
    }

    @Test
    void roundsUpToTheNextWholeSecond() {
        assertEquals("17:47:01 10 july 2026", XrTime.of(T.plusMillis(1), ZoneOffset.UTC).cli());
        assertEquals("17:47:00 10 july 2026", XrTime.of(T, ZoneOffset.UTC).cli());
    }

    @Test
    void readsAmbiguousWallTimeAsTheEarlierInstant() {
        // 2026-10-25 02:30 happens twice in Zurich; XR gives no offset, so the earlier one is taken.
        ZoneId zurich = ZoneId.of("Europe/Zurich");
        XrTime t = new XrTime(2, 30, 0, 25, Month.OCTOBER, 2026);
        assertEquals(Instant.parse("2026-10-25T00:30:00Z"), t.toInstant(zurich));
    }

    @Test
    void parsesMonthsAsXrPrintsThem() {
        assertEquals(Month.JULY, XrTime.parseMonth("july").orElseThrow());
        assertEquals(Month.JULY, XrTime.parseMonth("Jul").orElseThrow());
        assertEquals(Month.SEPTEMBER, XrTime.parseMonth("SEPTEMBER").orElseThrow());
        assertEquals(java.util.Optional.empty(), XrTime.parseMonth("ju"));
    }
}
