package org.qkdmacsec.lab.iosxr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.lab.time.ManualClock;

class CliSessionTest {
    static final String CAK = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    static final String CKN1 = "0a0b0c0d";
    final ManualClock clock = new ManualClock(Instant.parse("2026-07-10T10:00:00Z"));
    final DeviceClock deviceClock = new DeviceClock(clock, Duration.ZERO, ZoneId.of("Europe/Berlin"));
    final Faults faults = new Faults();
    final ConfigStore store = new ConfigStore(deviceClock, faults, java.time.Duration.ZERO);
    final XrDevice device = new XrDevice("xr1", store, new XrInterfaces(List.of("HundredGigE0/0/0/0")), deviceClock, faults,
            new MkaSessions("xr1", deviceClock, MkaLinkView.NONE), true);

    CliSession session(long id) {
        return new CliSession(device, new SessionRef(id, "admin", "vty" + id));
    }

    static String run(CliSession s, String... lines) {
        StringBuilder out = new StringBuilder();
        for (String l : lines) {
            out.append(s.prompt()).append(l).append('\n').append(s.handle(l).output());
        }
        return out.toString();
    }

    static String[] keyLines(String ckn, String lifetime) {
        return new String[] {"key chain QKD macsec", "key " + ckn,
            "key-string password " + Type7.encode(CAK, 7) + " cryptographic-algorithm aes-256-cmac", "lifetime " + lifetime};
    }

    @Test
    void configuresKeyChainAndBindingAndShowsThem() {
        CliSession s = session(1);
        run(s, "configure exclusive");
        assertEquals("RP/0/RP0/CPU0:xr1(config)#", s.prompt());
        run(s, keyLines(CKN1, "12:00:00 10 july 2026 infinite"));
        assertEquals("RP/0/RP0/CPU0:xr1(config-QKD-MacSec-0a0b0c0d)#", s.prompt());
        String out = run(s, "interface Hu0/0/0/0", "macsec psk-keychain QKD policy P1", "commit", "end");
        assertFalse(out.contains("%"), out);
        assertEquals("RP/0/RP0/CPU0:xr1#", s.prompt());

        XrConfig cfg = store.committed();
        MacsecKey k = cfg.chains().get("QKD").keys().get(CKN1);
        assertEquals(CAK, Type7.decode(k.keyString().orElseThrow().type7()));
        assertEquals("QKD", cfg.interfaces().get("HundredGigE0/0/0/0").psk().orElseThrow().keychain());

        String show = run(s, "show key chain QKD");
        assertTrue(show.contains("Key-chain: QKD (MACsec) -"), show);
        assertTrue(show.contains("Key 0a0b0c0d -- text \""), show);
        assertTrue(show.contains("cryptographic-algorithm -> AES_256_CMAC"), show);
        assertTrue(show.contains("Send lifetime:   12:00:00, 10 Jul 2026 - Always valid  [Valid now]"), show);
        String clockOut = run(s, "show clock");
        assertTrue(clockOut.contains("12:00:00.000 CEST Fri Jul 10 2026"), clockOut);
        String running = run(s, "show running-config key chain QKD");
        assertTrue(running.contains("   lifetime 12:00:00 july 10 2026 infinite"), running);
    }

    @Test
    void invalidInputIsMarkedUnderTheOffendingWord() {
        CliSession s = session(1);
        run(s, "configure", "key chain QKD macsec");
        String out = run(s, "key 0a0bzz");
        String[] lines = out.split("\n");
        String prompt = "RP/0/RP0/CPU0:xr1(config-QKD-MacSec)#";
        assertEquals(prompt.length() + 4, lines[1].indexOf('^'), out);
        assertEquals("% Invalid input detected at '^' marker.", lines[2]);
        assertTrue(run(s, "lifetime").contains("% Invalid input"), "lifetime is not a command of this mode");
        assertTrue(run(s, "key 0a0b", "lifetime 12:00:00 10 july").contains("% Incomplete command."));
        assertTrue(run(s, "lifetime 25:00:00 10 july 2026 infinite").contains("^"));
        assertTrue(run(s, "key chain QKD macsec extra").contains("% Invalid input"), "trailing words are refused");
        run(s, "root");
        String out2 = run(s, "key chain QKD macsec extra");
        assertTrue(out2.contains("% Invalid input"), out2);
    }

    @Test
    void semanticErrorsFailTheWholeCommitAndAreShownOnRequest() {
        CliSession s = session(1);
        run(s, "configure");
        run(s, keyLines(CKN1, "12:00:00 10 july 2026 infinite"));
        run(s, "key 0a0", "lifetime 12:00:00 30 february 2026 infinite");
        String out = run(s, "commit");
        assertTrue(out.contains(CliSession.FAILED_COMMIT), out);
        assertTrue(store.committed().chains().isEmpty(), "nothing applied");
        String failed = run(s, "show configuration failed");
        assertTrue(failed.contains("!!% Invalid argument: CKN must have an even number of hex digits (whole bytes), got 3"), failed);
        assertTrue(failed.contains("!!% Invalid argument: start-time is not a valid date (30 february 2026)"), failed);
        // The target configuration survives the failed commit and can be fixed.
        run(s, "key chain QKD macsec", "no key 0a0", "commit");
        assertEquals(1, store.committed().chains().get("QKD").keys().size());
    }

    @Test
    void keyStringMustDecodeToTheAlgorithmsLength() {
        CliSession s = session(1);
        run(s, "configure", "key chain QKD macsec", "key 01",
                "key-string password " + Type7.encode(CAK, 3) + " cryptographic-algorithm aes-128-cmac", "commit");
        String failed = run(s, "show configuration failed");
        assertTrue(failed.contains("key-string decodes to 64 hex digits; aes-128-cmac needs 32"), failed);
        assertFalse(failed.contains(CAK), "the CAK never appears in clear");
    }

    @Test
    void lifetimeEndMustFollowStart() {
        CliSession s = session(1);
        run(s, "configure");
        run(s, keyLines(CKN1, "12:00:00 10 july 2026 11:00:00 10 july 2026"));
        run(s, "commit");
        assertTrue(run(s, "show configuration failed").contains("end-time must be later than start-time"));
    }

    @Test
    void commitConfirmedRollsBackAtItsDeadlineUnlessConfirmed() {
        CliSession s = session(1);
        run(s, "configure");
        run(s, keyLines(CKN1, "12:00:00 10 july 2026 infinite"));
        assertEquals("", run(s, "commit confirmed 60").replaceAll("(?m)^RP.*\\n", ""));
        assertEquals(1, store.committed().chains().size());
        clock.advance(Duration.ofSeconds(59));
        assertEquals(1, store.committed().chains().size());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(store.committed().chains().isEmpty(), "rolled back at the deadline");

        run(s, keyLines(CKN1, "12:00:00 10 july 2026 infinite"));
        run(s, "commit confirmed 30");
        clock.advance(Duration.ofSeconds(20));
        run(s, "commit");
        clock.advance(Duration.ofMinutes(5));
        assertEquals(1, store.committed().chains().size(), "confirmed by a plain commit");
    }

    @Test
    void exclusiveSessionBlocksOtherCommits() {
        CliSession a = session(1);
        CliSession b = session(2);
        run(a, "configure exclusive");
        assertTrue(run(b, "configure exclusive").contains("% Failed to open an exclusive configuration session"));
        run(b, "configure", "key chain OTHER macsec");
        assertTrue(run(b, "commit").contains("% Failed to commit: the configuration is locked exclusively by session 1"));
        run(a, "abort");
        assertEquals("", run(b, "commit").replaceAll("(?m)^RP.*\\n", ""));
        assertTrue(store.committed().chains().containsKey("OTHER"));
    }

    @Test
    void endWithUncommittedChangesAsks() {
        CliSession s = session(1);
        run(s, "configure", "key chain Q macsec", "end");
        assertTrue(s.prompt().startsWith("Uncommitted changes found"));
        run(s, "no");
        assertEquals("RP/0/RP0/CPU0:xr1#", s.prompt());
        assertTrue(store.committed().chains().isEmpty());
        run(s, "configure", "key chain Q macsec", "end", "yes");
        assertTrue(store.committed().chains().containsKey("Q"));
    }

    @Test
    void removingWhatDoesNotExistIsReported() {
        CliSession s = session(1);
        run(s, "configure", "key chain Q macsec", "key 01");
        assertTrue(run(s, "no lifetime").contains("% No such configuration item(s)"));
        assertTrue(run(s, "exit", "no key 02").contains("% No such configuration item(s)"));
        assertFalse(run(s, "no key 01").contains("%"), "removes the key entered in this session");
        assertTrue(run(s, "do show ntp status").contains("Clock is synchronized"));
        assertTrue(run(s, "do show version").contains("Cisco IOS XR Software, Version 7.8.2"));
    }

    @Test
    void injectedCommitFailureLeavesNothingApplied() {
        CliSession s = session(1);
        faults.failNextCommit("SysDB: disk full");
        run(s, "configure", "key chain Q macsec");
        assertTrue(run(s, "commit").contains(CliSession.FAILED_COMMIT));
        assertTrue(run(s, "show configuration failed").contains("!!% SysDB: disk full"));
        assertTrue(store.committed().chains().isEmpty());
        run(s, "commit");
        assertTrue(store.committed().chains().containsKey("Q"));
    }
}
