package org.qkdmacsec.driver.iosxr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.spi.MkaSession;

/** Parsing of show-command output in the layouts of Cisco's guides (see fixtures/README.md). */
class CliParsersTest {

    @Test
    void readsTheMkaDetailExampleFromTheAsr9000Guide() {
        List<MkaSession> sessions = CliParsers.mka(Fixtures.read("show-mka-detail.txt"), "Fo0/0/0/1/0");
        assertEquals(1, sessions.size());
        MkaSession s = sessions.get(0);
        assertEquals("1020000000000000000000000000000000000000000000000000000000000000", s.ckn());
        assertTrue(s.secured());
        assertEquals(1, s.livePeers());
        assertEquals(Optional.of(0), s.latestAn());
        assertEquals(MkaSession.MkaRole.PRIMARY, s.role());
        assertTrue(s.detail().startsWith("SECURED"));
    }

    @Test
    void readsOneEntryPerCaWithActiveFallback() {
        List<MkaSession> sessions = CliParsers.mka(Fixtures.read("show-mka-detail-fallback.txt"), "Hu0/0/0/0");
        assertEquals(2, sessions.size());
        assertEquals("b2".repeat(32), sessions.get(0).ckn());
        assertEquals(MkaSession.MkaRole.PRIMARY, sessions.get(0).role());
        assertEquals(1, sessions.get(0).livePeers());
        assertEquals(Optional.of(2), sessions.get(0).latestAn());
        assertEquals("fb01", sessions.get(1).ckn());
        assertEquals(MkaSession.MkaRole.FALLBACK, sessions.get(1).role());
        assertEquals(0, sessions.get(1).livePeers());
    }

    @Test
    void readsTheKeysOfAChainAndNeverTheirKeyStrings() {
        ChainRead chain = CliParsers.keyChain(Fixtures.read("show-key-chain.txt"));
        assertTrue(chain.exists());
        assertEquals(3, chain.keys().size());
        ChainRead.Key a = chain.keys().get(0);
        assertEquals("a1".repeat(32), a.ckn());
        assertEquals(new XrTime(19, 47, 0, 9, Month.JULY, 2026), a.start().orElseThrow());
        assertEquals(new XrTime(19, 49, 0, 10, Month.JULY, 2026), a.end().orElseThrow());
        ChainRead.Key b = chain.keys().get(1);
        assertEquals(new XrTime(19, 47, 0, 10, Month.JULY, 2026), b.start().orElseThrow());
        assertTrue(b.end().isEmpty());
        assertEquals("0102", chain.keys().get(2).ckn());
        assertFalse(chain.toString().contains("0822455D0A16"));
    }

    @Test
    void alsoReadsTheOlderDashedLifetimeLayout() {
        ChainRead chain = CliParsers.keyChain("Key-chain: K/ -\n\nKey 0102 -- text \"02050D480809\"\n"
                + "  cryptographic-algorithm -- AES_128_CMAC\n"
                + "  Send lifetime   -- 01:00:00, 01 Jan 2017 - 02:00:00, 01 Jan 2017 [Not valid now]\n"
                + "  Accept lifetime -- 01:00:00, 01 Jan 2017 - 02:00:00, 01 Jan 2017 [Not valid now]\n");
        assertEquals(new XrTime(1, 0, 0, 1, Month.JANUARY, 2017), chain.keys().get(0).start().orElseThrow());
        assertEquals(new XrTime(2, 0, 0, 1, Month.JANUARY, 2017), chain.keys().get(0).end().orElseThrow());
    }

    @Test
    void readsTheInterfaceBinding() {
        assertEquals(Optional.of(new PskBinding("QKD_KC", Optional.of("QKD_FB"), Optional.of("POL"))),
                CliParsers.pskBinding(Fixtures.read("show-running-config-interface.txt")));
        assertEquals(Optional.of(new PskBinding("K1", Optional.empty(), Optional.empty())),
                CliParsers.pskBinding("interface Hu0/0/0/1\n macsec psk-keychain K1\n!\n"));
        assertEquals(Optional.of(new PskBinding("K1", Optional.empty(), Optional.of("P"))),
                CliParsers.pskBinding("interface Hu0/0/0/1\r\n macsec psk-keychain K1 policy P\r\n!\r\n"));
        assertEquals(Optional.empty(), CliParsers.pskBinding("Fri Jul 10 19:50:02.114 CEST\ninterface Hu0/0/0/1\n"
                + " description macsec psk-keychain in a description is not a binding\n!\n"));
        assertEquals(Optional.empty(), CliParsers.pskBinding("Fri Jul 10 19:50:02.114 CEST\n"));
    }

    @Test
    void anUnknownChainIsAbsent() {
        assertFalse(CliParsers.keyChain("Wed Jul 10 17:50:02.114 UTC\n").exists());
    }

    @Test
    void readsTheClockLineNotTheTimestampHeader() {
        Instant observed = Instant.parse("2026-07-10T17:50:02Z");
        ClockReading c = CliParsers.clock(Fixtures.read("show-clock.txt"), observed, true, "xr1", Optional.of("7.11.2"))
                .orElseThrow();
        assertEquals(LocalDateTime.of(2026, 7, 10, 19, 50, 2, 120_000_000), c.localTime());
        assertEquals("CEST", c.zoneName());
        assertEquals("xr1", c.hostname());
    }

    @Test
    void recognisesErrorsAndStatus() {
        assertTrue(CliParsers.error(Fixtures.read("commit-failed.txt")).orElseThrow().startsWith("% Failed to commit"));
        assertTrue(CliParsers.error("           ^\n% Invalid input detected at '^' marker.").isPresent());
        assertEquals(Optional.of("!!% Invalid argument: key-string length does not match cryptographic-algorithm"),
                CliParsers.error(Fixtures.read("show-configuration-failed.txt")));
        assertTrue(CliParsers.ntpSynchronized("Clock is synchronized, stratum 2, reference is 192.0.2.1"));
        assertFalse(CliParsers.ntpSynchronized("Clock is unsynchronized, stratum 16, no reference clock"));
        assertEquals(Optional.of("7.11.2"), CliParsers.version("Cisco IOS XR Software, Version 7.11.2\nCopyright (c) 2013-2024"));
    }
}
