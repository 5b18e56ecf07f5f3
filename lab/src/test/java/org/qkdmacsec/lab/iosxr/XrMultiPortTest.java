package org.qkdmacsec.lab.iosxr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.key;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.psk;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.update;

import com.google.protobuf.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.gnmi.SetRequest;
import org.qkdmacsec.gnmi.ext.Commit;
import org.qkdmacsec.gnmi.ext.CommitConfirm;
import org.qkdmacsec.gnmi.ext.CommitRequest;
import org.qkdmacsec.gnmi.ext.Extension;
import org.qkdmacsec.lab.mka.ActiveSpan;
import org.qkdmacsec.lab.mka.MkaLinkModel;
import org.qkdmacsec.lab.models.GnmiSetTree;
import org.qkdmacsec.lab.models.VendorModels;
import org.qkdmacsec.lab.models.VendorModels.Release;
import org.qkdmacsec.lab.pki.TestPki;
import org.qkdmacsec.lab.time.ManualClock;

/**
 * Two ports of each of two routers keyed in one change, as a controller batching links sends it: one gNMI Set
 * (with the commit-confirmed extension, then one confirm), or one {@code configure exclusive} session with both
 * ports' lines, one {@code commit confirmed} and one {@code commit}. Both links' MKA models see the new keys.
 */
class XrMultiPortTest {
    static final String IF1 = "HundredGigE0/0/0/0";
    static final String IF2 = "HundredGigE0/0/0/1";
    static final String K1 = "01aa";
    static final String K2 = "02bb";
    static final String N1 = "11aa";
    static final String N2 = "12bb";
    static final Instant T0 = Instant.parse("2026-07-10T10:00:00Z");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(T0);
    final MkaLinkModel first = new MkaLinkModel(clock);
    final MkaLinkModel second = new MkaLinkModel(clock);
    IosXrSimulator xr1;
    IosXrSimulator xr2;

    @BeforeEach
    void start() throws Exception {
        TestPki pki = TestPki.create(dir);
        xr1 = IosXrSimulator.builder().hostname("xr1").credentials("lab", "pw1".toCharArray()).pki(pki).clock(clock)
                .timeZone(BERLIN).interfaces(IF1, IF2).build();
        xr2 = IosXrSimulator.builder().hostname("xr2").credentials("lab", "pw2".toCharArray()).pki(pki).clock(clock)
                .timeZone(BERLIN).interfaces(IF1, IF2).build();
        xr1.attach(IF1, first.a(), "xr2");
        xr2.attach(IF1, first.b(), "xr1");
        xr1.attach(IF2, second.a(), "xr2");
        xr2.attach(IF2, second.b(), "xr1");
    }

    @AfterEach
    void stop() {
        xr1.close();
        xr2.close();
    }

    /** One Set: a key in each chain and each interface bound to its chain. */
    static SetRequest.Builder bothPorts(String ckn1, String ckn2, Instant start) {
        return SetRequest.newBuilder()
                .addReplace(update(key("QKD1", ckn1), XrMkaLinkTest.keyAt(ckn1, BERLIN, start, Optional.empty())))
                .addReplace(update(key("QKD2", ckn2), XrMkaLinkTest.keyAt(ckn2, BERLIN, start, Optional.empty())))
                .addReplace(update(psk(IF1), "{\"keychain-name\":\"QKD1\"}"))
                .addReplace(update(psk(IF2), "{\"keychain-name\":\"QKD2\"}"));
    }

    static Extension commit(CommitRequest.Builder r) {
        return Extension.newBuilder().setCommit(Commit.newBuilder().setId("batch").setCommit(r)).build();
    }

    @Test
    void ciscosModelsOfBothReleasesAcceptTheTwoPortSet() {
        VendorModels models = VendorModels.locate();
        String tree = GnmiSetTree.json(bothPorts(N1, N2, T0).build());
        for (Release r : List.of(Release.IOSXR_24_4_2, Release.IOSXR_7_11_1)) {
            assertTrue(models.check(r, tree).accepted(), r + ": " + models.check(r, tree) + "\n" + tree);
        }
    }

    @Test
    void oneGnmiSetForTwoPortsCommittedConfirmedAndConfirmedKeysBothLinks() {
        try (GnmiTestClient c1 = new GnmiTestClient(xr1.gnmiPort(), xr1.caBundle(), "lab", "pw1");
             GnmiTestClient c2 = new GnmiTestClient(xr2.gnmiPort(), xr2.caBundle(), "lab", "pw2")) {
            for (GnmiTestClient c : List.of(c1, c2)) {
                c.call().set(bothPorts(K1, K2, T0.minusSeconds(3600)).build());
            }
            clock.advance(java.time.Duration.ofMinutes(1));
            Instant t = T0.plusSeconds(600);
            for (GnmiTestClient c : List.of(c1, c2)) {
                c.call().set(bothPorts(N1, N2, t)
                        .addExtension(commit(CommitRequest.newBuilder().setRollbackDuration(Duration.newBuilder().setSeconds(120))))
                        .build());
            }
            assertTrue(xr1.pendingCommitDeadline().isPresent() && xr2.pendingCommitDeadline().isPresent());
            clock.advance(java.time.Duration.ofSeconds(30));
            for (GnmiTestClient c : List.of(c1, c2)) {
                c.call().set(SetRequest.newBuilder().addExtension(Extension.newBuilder().setCommit(Commit.newBuilder()
                        .setId("batch").setConfirm(CommitConfirm.getDefaultInstance()))).build());
            }
            assertTrue(xr1.pendingCommitDeadline().isEmpty() && xr2.pendingCommitDeadline().isEmpty(), "one confirm covers both");
            for (IosXrSimulator xr : List.of(xr1, xr2)) {
                String running = xr.runningConfig();
                assertTrue(running.contains("key " + N1) && running.contains("key " + N2), running);
            }
        }
        assertBothLinksMovedHitlessly();
    }

    @Test
    void oneCliSessionForTwoPortsCommittedConfirmedAndConfirmedKeysBothLinks() throws Exception {
        Path knownHosts = Files.createTempFile(dir, "known_hosts", "");
        xr1.writeKnownHosts(knownHosts);
        xr2.writeKnownHosts(knownHosts);
        for (IosXrSimulator xr : List.of(xr1, xr2)) {
            String pw = xr == xr1 ? "pw1" : "pw2";
            try (SshTestClient c = new SshTestClient(xr.sshPort(), knownHosts, "lab", pw)) {
                c.openShell();
                session(c, K1, K2, T0.minusSeconds(3600), "commit");
            }
        }
        clock.advance(java.time.Duration.ofMinutes(1));
        for (IosXrSimulator xr : List.of(xr1, xr2)) {
            String pw = xr == xr1 ? "pw1" : "pw2";
            try (SshTestClient c = new SshTestClient(xr.sshPort(), knownHosts, "lab", pw)) {
                c.openShell();
                session(c, N1, N2, T0.plusSeconds(600), "commit confirmed 120");
                assertTrue(xr.pendingCommitDeadline().isPresent());
                clock.advance(java.time.Duration.ofSeconds(30));
                assertFalse(c.cmd("commit").contains("%"));
                c.cmd("end");
                assertTrue(xr.pendingCommitDeadline().isEmpty(), "one plain commit confirms both ports");
                String running = xr.runningConfig();
                assertTrue(running.contains("key " + N1) && running.contains("key " + N2), running);
            }
        }
        assertBothLinksMovedHitlessly();
    }

    /** Both ports' lines in one exclusive session, then {@code commit}; the session stays in configuration mode. */
    private static void session(SshTestClient c, String ckn1, String ckn2, Instant start, String commit) throws Exception {
        c.cmd("configure exclusive");
        for (String[] port : new String[][] {{"QKD1", ckn1, IF1}, {"QKD2", ckn2, IF2}}) {
            for (String line : List.of("key chain " + port[0] + " macsec", "key " + port[1],
                    "key-string password " + Type7.encode(XrMkaLinkTest.cak(port[1]), 6) + " cryptographic-algorithm aes-256-cmac",
                    "lifetime " + cli(start) + " infinite", "exit", "exit", "root", "interface " + port[2],
                    "macsec psk-keychain " + port[0], "exit")) {
                String out = c.cmd(line);
                assertFalse(out.contains("%"), line + ": " + out);
            }
        }
        String out = c.cmd(commit);
        assertFalse(out.contains("%"), commit + ": " + out);
        if (commit.equals("commit")) {
            c.cmd("end");
        }
    }

    private static String cli(Instant t) {
        var z = t.atZone(BERLIN);
        return String.format("%02d:%02d:%02d %d %s %d", z.getHour(), z.getMinute(), z.getSecond(), z.getDayOfMonth(),
                z.getMonth().name().toLowerCase(java.util.Locale.ROOT), z.getYear());
    }

    private void assertBothLinksMovedHitlessly() {
        clock.advanceTo(T0.plusSeconds(1800));
        Instant from = T0.plusSeconds(30);
        for (MkaLinkModel link : List.of(first, second)) {
            assertTrue(link.outages(from, clock.instant()).hitless(), link.outages(from, clock.instant()).toString());
        }
        assertEquals(List.of(Optional.of(K1), Optional.of(N1)), first.activeKeys(first.a().side(), from, clock.instant()).stream()
                .map(ActiveSpan::ckn).toList());
        assertEquals(List.of(Optional.of(K2), Optional.of(N2)), second.activeKeys(second.a().side(), from, clock.instant()).stream()
                .map(ActiveSpan::ckn).toList());
        assertEquals(T0.plusSeconds(600), second.activeKeys(second.b().side(), from, clock.instant()).get(1).from());
    }

    @Test
    void aLineRefusedForTheSecondPortLeavesTheFirstInTheSessionUntilAbort() throws Exception {
        Path knownHosts = Files.createTempFile(dir, "known_hosts", "");
        xr1.writeKnownHosts(knownHosts);
        String before = xr1.runningConfig();
        xr1.faults().refuseLine("key chain QKD2", "Invalid argument: refused by the test");
        try (SshTestClient c = new SshTestClient(xr1.sshPort(), knownHosts, "lab", "pw1")) {
            c.openShell();
            c.cmd("configure exclusive");
            c.cmd("key chain QKD1 macsec");
            c.cmd("key " + N1);
            c.cmd("key-string password " + Type7.encode(XrMkaLinkTest.cak(N1), 6) + " cryptographic-algorithm aes-256-cmac");
            c.cmd("root");
            assertTrue(c.cmd("key chain QKD2 macsec").contains("% Invalid argument: refused by the test"));
            assertTrue(c.cmd("show configuration").contains("key " + N1), "the first port's lines are still in the session");
            c.cmd("abort");
            assertEquals(before, xr1.runningConfig());
            // one shot, and the exclusive session is gone with the abort
            c.cmd("configure exclusive");
            assertFalse(c.cmd("key chain QKD2 macsec").contains("%"));
            c.cmd("abort");
        }
    }
}
