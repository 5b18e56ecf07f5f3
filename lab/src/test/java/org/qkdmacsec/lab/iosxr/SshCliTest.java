package org.qkdmacsec.lab.iosxr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.lab.pki.TestPki;
import org.qkdmacsec.lab.time.ManualClock;

class SshCliTest {
    static final String USER = "lab";
    static final String PASS = "lab-secret-pw";
    static final String CAK = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final String PROMPT = "RP/0/RP0/CPU0:xr1#";

    @TempDir
    static Path dir;
    static TestPki pki;
    final ManualClock clock = new ManualClock(Instant.parse("2026-07-10T10:00:00Z"));
    IosXrSimulator xr;
    Path knownHosts;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(dir.resolve("pki"));
    }

    @BeforeEach
    void start() throws Exception {
        xr = IosXrSimulator.builder().hostname("xr1").credentials(USER, PASS.toCharArray()).pki(pki).clock(clock)
                .timeZone(ZoneId.of("Europe/Berlin")).clockSkew(Duration.ofSeconds(3)).interfaces("HundredGigE0/0/0/0").build();
        knownHosts = Files.createTempFile(dir, "known_hosts", "");
        xr.writeKnownHosts(knownHosts);
    }

    @AfterEach
    void stop() {
        xr.close();
    }

    SshTestClient connect() throws IOException {
        SshTestClient c = new SshTestClient(xr.sshPort(), knownHosts, USER, PASS);
        assertTrue(c.openShell().endsWith(PROMPT));
        return c;
    }

    @Test
    void hostKeyIsPinnedThroughKnownHostsAndPasswordsAreChecked() throws Exception {
        assertTrue(Files.readString(knownHosts).startsWith("[127.0.0.1]:" + xr.sshPort() + " ecdsa-sha2-nistp256 AAAA"));
        assertThrows(IOException.class, () -> new SshTestClient(xr.sshPort(), knownHosts, USER, "wrong").close());
        Path other = Files.createTempFile(dir, "other_known_hosts", "");
        try (IosXrSimulator xr2 = IosXrSimulator.builder().hostname("xr2").credentials(USER, PASS.toCharArray()).pki(pki).clock(clock).build()) {
            Files.writeString(other, xr2.knownHostsLine().replace(":" + xr2.sshPort() + " ", ":" + xr.sshPort() + " ") + "\n");
        }
        assertThrows(Exception.class, () -> new SshTestClient(xr.sshPort(), other, USER, PASS).close(), "a different host key is refused");
    }

    @Test
    void configureCommitConfirmedAndAutomaticRollbackOnTheManualClock() throws Exception {
        try (SshTestClient c = connect()) {
            assertTrue(c.cmd("configure exclusive").endsWith("RP/0/RP0/CPU0:xr1(config)#"));
            assertTrue(c.cmd("key chain QKD macsec").endsWith("(config-QKD-MacSec)#"));
            assertTrue(c.cmd("key 0a01").endsWith("(config-QKD-MacSec-0a01)#"));
            c.cmd("key-string password " + Type7.encode(CAK, 6) + " cryptographic-algorithm aes-256-cmac");
            c.cmd("lifetime 12:00:00 10 july 2026 infinite");
            c.cmd("interface HundredGigE0/0/0/0");
            c.cmd("macsec psk-keychain QKD policy POL");
            String shown = c.cmd("show configuration");
            assertTrue(shown.contains("key chain QKD\n macsec\n  key 0a01\n   key-string password "), shown);
            assertTrue(c.cmd("commit confirmed 60").endsWith("(config-if)#"));
            c.cmd("end");
            assertTrue(c.cmd("show running-config").contains("   lifetime 12:00:00 july 10 2026 infinite"));
            clock.advance(Duration.ofSeconds(59));
            assertTrue(c.cmd("show key chain QKD").contains("Key 0a01"));
            clock.advance(Duration.ofSeconds(1));
            String after = c.cmd("show key chain QKD");
            assertFalse(after.contains("Key 0a01"), after);
            assertFalse(c.cmd("show running-config").contains("key chain QKD"));
        }
    }

    @Test
    void showCommandsUseTheDeviceZoneAndSkew() throws Exception {
        try (SshTestClient c = connect()) {
            String clockOut = c.cmd("show clock");
            assertTrue(clockOut.contains("\n12:00:03.000 CEST Fri Jul 10 2026\n"), clockOut);
            assertTrue(clockOut.contains("\nFri Jul 10 12:00:03.000 CEST\n"), "time stamp line");
            c.cmd("configure");
            c.cmd("key chain QKD macsec");
            c.cmd("key 0a01");
            c.cmd("key-string " + CAK + " cryptographic-algorithm aes-256-cmac");
            c.cmd("lifetime 11:00:00 10 july 2026 12:30:00 10 july 2026");
            c.cmd("interface Hu0/0/0/0");
            c.cmd("macsec psk-keychain QKD");
            c.cmd("commit");
            c.cmd("end");
            String keys = c.cmd("show key chain QKD");
            assertTrue(keys.contains("Key-chain: QKD (MACsec) -"), keys);
            assertTrue(keys.contains("  Send lifetime:   11:00:00, 10 Jul 2026 - 12:30:00, 10 Jul 2026  [Valid now]"), keys);
            assertFalse(keys.toLowerCase(Locale.ROOT).contains(CAK), "clear key-string is stored type-7 encoded");
            String mka = c.cmd("show macsec mka session interface Hu0/0/0/0 detail");
            assertTrue(mka.contains("Status: PENDING - Waiting for live peers"), mka);
            assertTrue(mka.contains("CAK Name (CKN)                           : 0a01"), mka);
            assertTrue(mka.contains("Keychain                                 : QKD"), mka);
            assertTrue(c.cmd("show macsec mka session").contains("Hu0/0/0/0*"));
            assertTrue(c.cmd("terminal exec prompt no-timestamp").endsWith(PROMPT));
            assertEquals("show clock\n12:00:03.000 CEST Fri Jul 10 2026\n" + PROMPT, c.cmd("show clock"));
        }
    }

    @Test
    void errorsLookLikeIosXr() throws Exception {
        try (SshTestClient c = connect()) {
            c.cmd("configure");
            String out = c.cmd("key chain QKD macsec extra");
            String caret = " ".repeat("RP/0/RP0/CPU0:xr1(config)#".length() + "key chain QKD macsec ".length()) + "^";
            assertTrue(out.contains("\n" + caret + "\n% Invalid input detected at '^' marker.\n"), out);
            c.cmd("key chain QKD macsec");
            c.cmd("key 0a1");
            c.cmd("key-string password 0822455D0A16 cryptographic-algorithm aes-128-cmac");
            String failed = c.cmd("commit");
            assertTrue(failed.contains("% Failed to commit one or more configuration items during a pseudo-atomic operation."), failed);
            String why = c.cmd("show configuration failed");
            assertTrue(why.contains("!! SEMANTIC ERRORS: This configuration was rejected by"), why);
            assertTrue(why.contains("  key 0a1\n!!% Invalid argument: CKN must have an even number of hex digits (whole bytes), got 3"), why);
            assertTrue(why.contains("!!% Invalid argument: key-string decodes to 5 hex digits; aes-128-cmac needs 32")
                    || why.contains("!!% Invalid argument: key-string does not decode to a hex CAK"), why);
            assertTrue(c.cmd("abort").endsWith(PROMPT));
        }
    }

    @Test
    void exclusiveConfigurationLocksOutOtherCommits() throws Exception {
        try (SshTestClient a = connect(); SshTestClient b = connect()) {
            a.cmd("configure exclusive");
            assertTrue(b.cmd("configure exclusive").contains("% Failed to open an exclusive configuration session"));
            b.cmd("configure");
            b.cmd("key chain OTHER macsec");
            assertTrue(b.cmd("commit").contains("% Failed to commit: the configuration is locked exclusively by session"));
            a.cmd("end");
            assertFalse(b.cmd("commit").contains("%"));
            assertTrue(xr.runningConfig().contains("key chain OTHER"));
        }
    }

    @Test
    void anInjectedDropClosesTheSessionBeforeTheCommit() throws Exception {
        try (SshTestClient c = connect()) {
            c.cmd("configure");
            c.cmd("key chain QKD macsec");
            xr.faults().dropSessionOnCommand("commit", Faults.When.BEFORE);
            assertThrows(IOException.class, () -> c.cmd("commit"));
        }
        assertTrue(xr.runningConfig().isBlank(), "nothing committed; the target configuration died with the session");
        try (SshTestClient c = connect()) {
            c.cmd("configure");
            c.cmd("key chain QKD macsec");
            xr.faults().dropSessionOnCommand("commit", Faults.When.AFTER);
            assertThrows(IOException.class, () -> c.cmd("commit"));
        }
        assertTrue(xr.runningConfig().contains("key chain QKD"), "committed, though the client never saw the prompt");
    }

    @Test
    void execChannelRunsOneCommand() throws Exception {
        try (SshTestClient c = new SshTestClient(xr.sshPort(), knownHosts, USER, PASS)) {
            String out = c.exec("show clock");
            assertTrue(out.contains("12:00:03.000 CEST Fri Jul 10 2026"), out);
        }
    }

    @Test
    void keyStringsNeverReachTheLogs() throws Exception {
        LogCapture logs = LogCapture.start();
        try (SshTestClient c = connect()) {
            c.cmd("configure");
            c.cmd("key chain QKD macsec");
            c.cmd("key 0a01");
            c.cmd("key-string clear " + CAK + " cryptographic-algorithm aes-128-cmac");
            c.cmd("commit");
            c.cmd("show configuration failed");
            c.cmd("abort");
        } finally {
            logs.stop();
        }
        String text = logs.text();
        for (String secret : List.of(CAK, CAK.toUpperCase(Locale.ROOT))) {
            assertFalse(text.contains(secret), "leaked");
        }
    }
}
