package org.qkdmacsec.driver.junos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.qkdmacsec.driver.ssh.SshConnector;
import org.qkdmacsec.lab.junos.JunosFaults;
import org.qkdmacsec.lab.junos.JunosSimulator;
import org.qkdmacsec.lab.mka.MkaLinkModel;
import org.qkdmacsec.lab.time.ManualClock;
import org.qkdmacsec.spi.Candidate;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.DeviceFacts;
import org.qkdmacsec.spi.DeviceTarget;
import org.qkdmacsec.spi.DeviceTarget.HostKeyPolicy;
import org.qkdmacsec.spi.DriverContext;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.DriverException.Kind;
import org.qkdmacsec.spi.KeyChainView;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.MkaSession;
import org.qkdmacsec.spi.Port;
import org.qkdmacsec.spi.Secret;

/**
 * The driver against the lab's Junos simulator over real loopback SSH and NETCONF, in both framings.
 * The simulator is an independent implementation (lab/, no shared code), so these tests catch a
 * driver that only agrees with itself.
 */
class JunosDriverSimulatorTest extends SimulatorFixture {

    @ParameterizedTest
    @EnumSource(Base.class)
    void factsReportTheDeviceClockZoneAndNtp(Base base) throws Exception {
        open(base);
        sim.setClockSkew(Duration.ofSeconds(3));
        DeviceFacts f = driver.facts();
        assertEquals("r1", f.hostname());
        assertEquals("junos", f.vendor());
        assertEquals(ZONE, f.timeZone());
        assertTrue(f.ntpSynchronized());
        assertEquals(Duration.ofSeconds(3), f.clockOffset());
        sim.setNtpSynchronized(false);
        assertFalse(driver.facts().ntpSynchronized());
    }

    @ParameterizedTest
    @EnumSource(Base.class)
    void stagesTwoFutureKeysCommitsConfirmedConfirmsAndReadsThemBack(Base base) throws Exception {
        open(base);
        Candidate c = driver.stage(PORT, twoFutureKeys());
        assertTrue(c.diff().contains(CKN_1) && c.diff().contains(CKN_2), c.diff());
        assertNoCak(c.diff());
        assertFalse(c.diff().contains("$9$"), c.diff());
        assertTrue(c.diff().contains("[redacted]"), c.diff());
        assertTrue(sim.pendingRollbackDeadline().isEmpty());

        driver.commit(c, Duration.ofMillis(89_200));
        // The simulator advertises :confirmed-commit, so the RFC 6241 commit keeps whole seconds (rounded up),
        // on the shared candidate the driver locked (Junos refuses a confirmed commit of a private copy).
        assertEquals(Optional.of(T0.plus(Duration.ofSeconds(90))), sim.pendingRollbackDeadline());
        assertEquals(Duration.ofSeconds(90), driver.effectiveConfirmWindow(Duration.ofMillis(89_200)));
        driver.confirm(c);
        assertTrue(sim.pendingRollbackDeadline().isEmpty());

        clock.advance(Duration.ofMinutes(10));
        KeyChainView v = driver.readKeys(PORT);
        assertEquals(Optional.of("CA1"), v.boundCa());
        assertEquals(Optional.of(T0), v.slot(CKN_ACTIVE).orElseThrow().start());
        assertEquals(Optional.of(T0.plus(Duration.ofHours(1))), v.slot(CKN_1).orElseThrow().start());
        assertEquals(Optional.of(T0.plus(Duration.ofHours(2))), v.slot(CKN_2).orElseThrow().start());
        assertEquals("1", v.slot(CKN_1).get().slotId());
        assertEquals("2", v.slot(CKN_2).get().slotId());
        // Device-local rendering: 19:00 UTC is 21:00 in Berlin in July.
        assertTrue(sim.committedConfigurationText().contains("2026-07-10.21:00"), sim.committedConfigurationText());
    }

    @ParameterizedTest
    @EnumSource(Base.class)
    void removalTouchesOnlyTheNamedKey(Base base) throws Exception {
        open(base);
        Candidate add = driver.stage(PORT, twoFutureKeys());
        driver.commit(add, Duration.ZERO);
        Candidate remove = driver.stage(PORT, KeyPlan.removing(List.of(CKN_1)));
        driver.commit(remove, Duration.ZERO);
        KeyChainView v = driver.readKeys(PORT);
        assertTrue(v.slot(CKN_1).isEmpty());
        assertTrue(v.slot(CKN_ACTIVE).isPresent() && v.slot(CKN_2).isPresent(), v.toString());
    }

    @ParameterizedTest
    @EnumSource(Base.class)
    void anUnconfirmedCommitRollsBackByItself(Base base) throws Exception {
        open(base);
        Candidate c = driver.stage(PORT, twoFutureKeys());
        driver.commit(c, Duration.ofSeconds(30));
        assertTrue(driver.readKeys(PORT).slot(CKN_1).isPresent());
        clock.advance(Duration.ofSeconds(61));
        KeyChainView after = driver.readKeys(PORT);
        assertTrue(after.slot(CKN_1).isEmpty() && after.slot(CKN_2).isEmpty(), after.toString());
        assertTrue(after.slot(CKN_ACTIVE).isPresent());
        driver.discard(c);
    }

    @ParameterizedTest
    @EnumSource(Base.class)
    void aRefusedCommitSurfacesTheDevicesMessageAndLeavesNothingStaged(Base base) throws Exception {
        open(base);
        sim.faults().failNextCommit("commit failed: (statements constraint check failed) injected by test");
        Candidate c = driver.stage(PORT, twoFutureKeys());
        DriverException e = assertThrows(DriverException.class, () -> driver.commit(c, Duration.ofMinutes(1)));
        assertEquals(Kind.COMMIT_FAILED, e.kind());
        assertTrue(e.getMessage().contains("injected by test"), e.getMessage());
        assertTrue(driver.readKeys(PORT).slot(CKN_1).isEmpty());
        // The candidate was discarded and unlocked: a fresh stage works.
        driver.commit(driver.stage(PORT, twoFutureKeys()), Duration.ZERO);
        assertTrue(driver.readKeys(PORT).slot(CKN_1).isPresent());
    }

    @ParameterizedTest
    @EnumSource(Base.class)
    void sessionDropMidCommitIsSessionLostWithUnknownOutcome(Base base) throws Exception {
        open(base);
        Candidate c = driver.stage(PORT, twoFutureKeys());
        // A confirmed commit goes out as the RFC 6241 <commit> (the simulator advertises :confirmed-commit).
        sim.faults().dropSessionOn("commit", JunosFaults.DropPoint.AFTER_APPLY);
        DriverException e = assertThrows(DriverException.class, () -> driver.commit(c, Duration.ofMinutes(1)));
        assertEquals(Kind.SESSION_LOST, e.kind());
        assertTrue(e.getMessage().contains("outcome of the commit is unknown"), e.getMessage());
        DriverException after = assertThrows(DriverException.class, () -> driver.readKeys(PORT));
        assertEquals(Kind.SESSION_LOST, after.kind());
    }

    @ParameterizedTest
    @EnumSource(Base.class)
    void lockConflictIsLocked(Base base) throws Exception {
        open(base);
        sim.faults().refuseLock(true);
        DriverException e = assertThrows(DriverException.class, () -> driver.stage(PORT, twoFutureKeys()));
        assertEquals(Kind.LOCKED, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("another session holds the configuration lock"), e.getMessage());
        sim.faults().refuseLock(false);
        driver.discard(driver.stage(PORT, twoFutureKeys()));
        assertTrue(driver.readKeys(PORT).slot(CKN_1).isEmpty());
    }

    @Test
    void aLockHeldForOneCommitIsWaitedFor() throws Exception {
        open(Base.BASE_1_1);
        try (Raw operator = raw()) {
            // Another controller (a cluster member, an operator's CLI) is mid-commit on the same router.
            assertFalse(operator.rpc("<lock><target><candidate/></target></lock>").failed());
            Thread releaser = new Thread(() -> {
                try {
                    Thread.sleep(400);
                } catch (InterruptedException e) {
                    return;
                }
                operator.rpc("<unlock><target><candidate/></target></unlock>");
            });
            releaser.start();
            Candidate c = driver.stage(PORT, twoFutureKeys()); // lock-wait 1 s in the fixture
            releaser.join();
            driver.commit(c, Duration.ZERO);
        }
        assertTrue(driver.readKeys(PORT).slot(CKN_1).isPresent());
    }

    @Test
    void lockWaitMustBeWholeSeconds() {
        DeviceTarget t = new DeviceTarget("r1", "junos", "127.0.0.1", 830, "lab", Optional.empty(), Optional.empty(),
                HostKeyPolicy.fingerprint("SHA256:x"), Optional.empty(), Map.of("lock-wait", "5s"));
        DriverException e = assertThrows(DriverException.class, () -> JunosDriverFactory.lockWait(t));
        assertEquals(Kind.INVALID_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("option lock-wait must be a whole number of seconds from 0 to 300, not '5s'"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Base.class)
    void stageHoldsTheCandidateLockUntilCommitAndReleasesItAfter(Base base) throws Exception {
        open(base);
        Candidate c = driver.stage(PORT, twoFutureKeys());
        try (Raw operator = raw()) {
            RpcReply denied = operator.rpc("<lock><target><candidate/></target></lock>");
            assertTrue(denied.failed() && denied.errorSummary().contains("configuration database locked by"), denied.errorSummary());
            driver.commit(c, Duration.ofMinutes(1));
            assertFalse(operator.rpc("<lock><target><candidate/></target></lock>").failed(), "unlocked after the commit");
            // while the operator holds the lock the driver cannot confirm: LOCKED, and the rollback is announced
            DriverException e = assertThrows(DriverException.class, () -> driver.confirm(c));
            assertEquals(Kind.LOCKED, e.kind());
            assertTrue(e.getMessage().contains("rolls back by itself at about"), e.getMessage());
            assertFalse(operator.rpc("<unlock><target><candidate/></target></unlock>").failed());
        }
        driver.confirm(c); // still pending: a later confirm succeeds
        assertTrue(sim.pendingRollbackDeadline().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Base.class)
    void someoneElsesUncommittedChangesAreRefusedAsLockedAndNeverDiscarded(Base base) throws Exception {
        open(base);
        try (Raw operator = raw()) {
            assertFalse(operator.rpc("<load-configuration action=\"merge\" format=\"xml\"><configuration><interfaces><interface>"
                    + "<name>et-0/0/9</name><description>work in progress</description></interface></interfaces>"
                    + "</configuration></load-configuration>").failed());
            DriverException e = assertThrows(DriverException.class, () -> driver.stage(PORT, twoFutureKeys()));
            assertEquals(Kind.LOCKED, e.kind());
            assertTrue(e.getMessage().contains("holds uncommitted changes that are not ours")
                    && e.getMessage().contains("configuration database modified"), e.getMessage());
            // the operator's edit is still in the shared candidate, and nothing of ours is
            RpcReply candidate = operator.rpc("<get-configuration database=\"candidate\" format=\"xml\"/>");
            String text = candidate.root().getTextContent();
            assertTrue(text.contains("work in progress"), text);
            assertFalse(text.contains(CKN_1), text);
            assertFalse(operator.rpc("<discard-changes/>").failed());
        }
        driver.commit(driver.stage(PORT, twoFutureKeys()), Duration.ZERO);
        assertTrue(driver.readKeys(PORT).slot(CKN_1).isPresent());
    }

    @ParameterizedTest
    @EnumSource(Base.class)
    void aSessionLostAfterACommitConfirmedLeavesTheRollbackTimerRunningAndANewSessionCanConfirm(Base base) throws Exception {
        open(base);
        Candidate c = driver.stage(PORT, twoFutureKeys());
        driver.commit(c, Duration.ofMinutes(2));
        Instant deadline = sim.pendingRollbackDeadline().orElseThrow();
        sim.faults().dropSessionOn("get-configuration", JunosFaults.DropPoint.BEFORE_APPLY);
        assertEquals(Kind.SESSION_LOST, assertThrows(DriverException.class, () -> driver.readKeys(PORT)).kind());
        driver.close();
        assertEquals(Optional.of(deadline), sim.pendingRollbackDeadline(), "the device's timer outlives the session");
        // recovery, as the engine does it: an empty plan committed plainly confirms what is pending
        driver = (JunosDriver) new JunosDriverFactory(connector).open(target(HostKeyPolicy.fingerprint(sim.hostKeyFingerprint())),
                new DriverContext(clock, Duration.ofSeconds(20), Duration.ofSeconds(20)));
        driver.commit(driver.stage(PORT, new KeyPlan(List.of(), List.of(), List.of())), Duration.ZERO);
        assertTrue(sim.pendingRollbackDeadline().isEmpty());
        clock.advance(Duration.ofMinutes(5));
        assertTrue(driver.readKeys(PORT).slot(CKN_1).isPresent());
    }

    @ParameterizedTest
    @EnumSource(Base.class)
    void anUnconfirmedCommitOfALostSessionRollsBackAtItsDeadline(Base base) throws Exception {
        open(base);
        driver.commit(driver.stage(PORT, twoFutureKeys()), Duration.ofMinutes(2));
        driver.close();
        driver = null;
        clock.advance(Duration.ofMinutes(2));
        assertFalse(sim.committedConfigurationXml().contains(CKN_1), "rolled back without anyone asking");
    }

    @Test
    void aSlowCommitTimesOut() throws Exception {
        open(Base.BASE_1_1, Duration.ofSeconds(1));
        sim.faults().slowCommit(Duration.ofSeconds(4));
        Candidate c = driver.stage(PORT, twoFutureKeys());
        DriverException e = assertThrows(DriverException.class, () -> driver.commit(c, Duration.ZERO));
        assertEquals(Kind.TIMEOUT, e.kind());
        assertTrue(e.getMessage().contains("outcome of the commit is unknown"), e.getMessage());
        sim.faults().clear();
    }

    @Test
    void aChangedHostKeyIsRefused() throws Exception {
        startSim(Base.BASE_1_1);
        Path knownHosts = dir.resolve("known_hosts");
        try (JunosSimulator impostor = JunosSimulator.builder().hostName("other").user("lab", "lab123").clock(clock).start()) {
            // known_hosts records another device's key under this simulator's address.
            String line = impostor.knownHostsLine();
            Files.writeString(knownHosts, "[" + sim.host() + "]:" + sim.port() + " " + line.substring(line.indexOf(' ') + 1) + "\n");
        }
        DriverContext ctx = DriverContext.defaults(clock);
        DriverException e = assertThrows(DriverException.class,
                () -> new JunosDriverFactory(connector).open(target(HostKeyPolicy.knownHosts(knownHosts, true)), ctx));
        assertEquals(Kind.HOST_KEY, e.kind());
        assertTrue(e.getMessage().contains("CHANGED"), e.getMessage());
    }

    @Test
    void aHostKeyOtherThanThePinnedFingerprintIsRefused() throws Exception {
        startSim(Base.BASE_1_1);
        DriverException e = assertThrows(DriverException.class, () -> new JunosDriverFactory(connector)
                .open(target(HostKeyPolicy.fingerprint("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU")),
                        DriverContext.defaults(clock)));
        assertEquals(Kind.HOST_KEY, e.kind());
        assertTrue(e.getMessage().contains(sim.hostKeyFingerprint()), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Base.class)
    void theDescriptionIsCommittedWithTheKeysAndReadBack(Base base) throws Exception {
        open(base);
        Candidate c = driver.stage(PORT, twoFutureKeys().withDescription("qkd key_ID 6f1c<&>\"x\""));
        assertTrue(c.diff().contains("description"), c.diff());
        assertTrue(driver.readKeys(PORT).description().isEmpty(), "nothing before the commit");
        driver.commit(c, Duration.ZERO);
        assertTrue(sim.committedConfigurationXml().contains("qkd key_ID 6f1c&lt;&amp;&gt;"), sim.committedConfigurationXml());
        KeyChainView v = driver.readKeys(PORT);
        assertEquals(Optional.of("qkd key_ID 6f1c<&>\"x\""), v.description());
        assertTrue(v.slot(CKN_1).isPresent());
        DriverException tooLong = assertThrows(DriverException.class,
                () -> driver.stage(PORT, KeyPlan.removing(List.of()).withDescription("x".repeat(256))));
        assertEquals(Kind.INVALID_REQUEST, tooLong.kind());
        DriverException control = assertThrows(DriverException.class,
                () -> driver.stage(PORT, KeyPlan.removing(List.of()).withDescription("two\nlines")));
        assertEquals(Kind.INVALID_REQUEST, control.kind());
    }

    @Test
    void aStartTimeTheDeviceReadsInAnotherZoneIsCaughtBeforeTheCommit() throws Exception {
        startSim(Base.BASE_1_1);
        // the operator tells the driver the router reads start-times in UTC; the router (Berlin) prints +0200
        DeviceTarget t = new DeviceTarget("r1", "junos", sim.host(), sim.port(), "lab",
                Optional.of(Secret.copyOf("lab123".getBytes(StandardCharsets.UTF_8))), Optional.empty(),
                HostKeyPolicy.fingerprint(sim.hostKeyFingerprint()), Optional.empty(), Map.of("start-time-zone", "UTC"));
        driver = (JunosDriver) new JunosDriverFactory(connector).open(t, new DriverContext(clock, Duration.ofSeconds(20),
                Duration.ofSeconds(20)));
        DriverException e = assertThrows(DriverException.class, () -> driver.stage(PORT, twoFutureKeys()));
        assertEquals(Kind.DEVICE_ERROR, e.kind());
        assertTrue(e.getMessage().contains("reads start-times in another zone"), e.getMessage());
        assertTrue(sim.pendingRollbackDeadline().isEmpty());
        try (Raw operator = raw()) {
            assertFalse(operator.rpc("<lock><target><candidate/></target></lock>").failed(), "discarded and unlocked");
        }
    }

    @Test
    void startTimesFollowTheZoneTheDeviceReportsNotTheInventorys() throws Exception {
        startSim(Base.BASE_1_1);
        DeviceTarget t = new DeviceTarget("r1", "junos", sim.host(), sim.port(), "lab",
                Optional.of(Secret.copyOf("lab123".getBytes(StandardCharsets.UTF_8))), Optional.empty(),
                HostKeyPolicy.fingerprint(sim.hostKeyFingerprint()), Optional.of(ZoneId.of("UTC")), Map.of());
        driver = (JunosDriver) new JunosDriverFactory(connector).open(t, new DriverContext(clock, Duration.ofSeconds(20),
                Duration.ofSeconds(20)));
        assertEquals(ZONE, driver.facts().timeZone());
        driver.commit(driver.stage(PORT, twoFutureKeys()), Duration.ZERO);
        assertEquals(Optional.of(T0.plus(Duration.ofHours(1))), driver.readKeys(PORT).slot(CKN_1).orElseThrow().start());
        assertTrue(sim.committedConfigurationText().contains("2026-07-10.21:00"), sim.committedConfigurationText());
    }

    @ParameterizedTest
    @EnumSource(Base.class)
    void aTwoDeviceRolloverIsHitlessInTheMkaModel(Base base) throws Exception {
        open(base);
        MkaLinkModel link = new MkaLinkModel(clock);
        sim.attach(PORT.interfaceName(), link.a());
        try (JunosSimulator r2 = JunosSimulator.builder().hostName("r2").user("lab", "lab123").clock(clock)
                .timeZone(ZoneId.of("America/New_York")).netconf11(base == Base.BASE_1_1)
                .initialConfiguration(initialConfiguration().replace("2026-07-10.20:00:00", "2026-07-10.14:00:00")).start()) {
            r2.attach(PORT.interfaceName(), link.b());
            DeviceTarget t2 = new DeviceTarget("r2", "junos", r2.host(), r2.port(), "lab",
                    Optional.of(Secret.copyOf("lab123".getBytes(StandardCharsets.UTF_8))), Optional.empty(),
                    HostKeyPolicy.fingerprint(r2.hostKeyFingerprint()), Optional.empty(), Map.of());
            try (JunosDriver d2 = (JunosDriver) new JunosDriverFactory(connector)
                    .open(t2, new DriverContext(clock, Duration.ofSeconds(20), Duration.ofSeconds(20)))) {
                clock.advance(Duration.ofSeconds(10)); // MKA comes up on the freshly joined link
                Instant from = clock.instant();
                assertEquals(CKN_ACTIVE, primary(driver.readMka(PORT)));
                for (JunosDriver d : List.of(driver, d2)) {
                    Candidate c = d.stage(PORT, twoFutureKeys());
                    d.commit(c, Duration.ofMinutes(5));
                    d.confirm(c);
                }
                clock.advance(Duration.ofMinutes(61));
                assertEquals(CKN_1, primary(driver.readMka(PORT)));
                assertEquals(CKN_1, primary(d2.readMka(PORT)));
                clock.advance(Duration.ofMinutes(60));
                assertEquals(CKN_2, primary(d2.readMka(PORT)));
                assertTrue(link.outages(from, clock.instant()).hitless(), link.outages(from, clock.instant()).toString());
            }
        }
    }

    private static String primary(List<MkaSession> sessions) {
        return sessions.stream().filter(s -> s.role() == MkaSession.MkaRole.PRIMARY && s.secured()).map(MkaSession::ckn)
                .findFirst().orElse("none: " + sessions);
    }
}
