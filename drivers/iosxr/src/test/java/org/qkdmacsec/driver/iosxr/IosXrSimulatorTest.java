package org.qkdmacsec.driver.iosxr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.lab.mka.MkaLinkModel;
import org.qkdmacsec.lab.pki.TestPki;
import org.qkdmacsec.lab.time.ManualClock;
import org.qkdmacsec.spi.Candidate;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.DeviceFacts;
import org.qkdmacsec.spi.DeviceTarget;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.KeyChainView;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.KeySlot;
import org.qkdmacsec.spi.MacsecDriver;
import org.qkdmacsec.spi.MkaSession;
import org.qkdmacsec.spi.Port;
import org.qkdmacsec.spi.Secret;

/**
 * The driver against the lab IOS-XR router (an independent implementation of the device side) over
 * loopback gRPC/TLS and SSH, on simulated time. Two routers joined by the MKA link model, the chain in
 * Europe/Zurich.
 */
class IosXrSimulatorTest {
    private static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");
    private static final Instant START = Instant.parse("2026-07-10T17:40:00Z");
    private static final Instant T = Instant.parse("2026-07-10T17:47:00Z");
    private static final Duration OVERLAP = Duration.ofSeconds(120);
    private static final Port PORT = new Port(SimulatedXr.IFACE, "POL", "QKD_KC", CipherSuite.GCM_AES_XPN_256);
    private static final String A = "a1".repeat(32);
    private static final String B = "b2".repeat(32);
    private static final String C = "c3".repeat(32);
    private static final String D = "d4".repeat(32);

    @TempDir
    java.nio.file.Path dir;

    private ManualClock clock;
    private MkaLinkModel link;
    private TestPki pki;
    private SimulatedXr xr1;
    private SimulatedXr xr2;

    @BeforeEach
    void start() {
        clock = new ManualClock(START);
        link = new MkaLinkModel(clock);
        pki = TestPki.create(dir); // certificates valid on the real clock: TLS checks them against it
        xr1 = new SimulatedXr("xr1", pki, clock, ZURICH, true, link.a());
        xr2 = new SimulatedXr("xr2", pki, clock, ZURICH, true, link.b());
        xr1.bind(PORT.keyChain(), PORT.connectivityAssociation());
        xr2.bind(PORT.keyChain(), PORT.connectivityAssociation());
    }

    @AfterEach
    void stop() {
        xr1.close();
        xr2.close();
    }

    @Test
    void gnmiSetAndGetRoundTrip() {
        try (MacsecDriver d = open(xr1, "gnmi", Optional.empty()); Secret cakA = cak(1); Secret cakB = cak(2)) {
            assertEquals("gnmi", ((IosXrDriver) d).transport());
            assertTrue(d.capabilities().commitConfirmed());
            assertTrue(d.capabilities().keyEndTimes());

            DeviceFacts facts = d.facts();
            assertEquals("xr1", facts.hostname());
            assertEquals(START, facts.deviceTime().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            assertEquals(ZURICH.getRules().getOffset(START), facts.timeZone());

            seed(d, cakA);
            Candidate c = d.stage(PORT, rollover(cakB).withDescription("qkd key_ID 3f1c2a9e-gnmi ckn b2b2"));
            assertTrue(c.diff().contains(Redactor.MASK), c.diff());
            assertTrue(c.diff().contains("\"update\"") && c.diff().contains("qkd key_ID 3f1c2a9e-gnmi"), c.diff());
            d.commit(c, Duration.ofSeconds(60));
            assertTrue(xr1.sim.pendingCommitDeadline().isPresent());
            // the description is part of the same confirmed commit
            assertTrue(xr1.sim.runningConfig().contains("description qkd key_ID 3f1c2a9e-gnmi"), xr1.sim.runningConfig());
            d.confirm(c);
            assertTrue(xr1.sim.pendingCommitDeadline().isEmpty());

            KeyChainView after = d.readKeys(PORT);
            assertAfterRollover(after);
            assertEquals(Optional.of("qkd key_ID 3f1c2a9e-gnmi ckn b2b2"), after.description());
            assertEquals(Optional.of(PORT.keyChain()), after.boundCa());
            String running = xr1.sim.runningConfig();
            assertTrue(running.contains(B) && !running.contains(C), running);
        }
    }

    @Test
    void theCliTakesOverWhenGnmiIsDisabled() {
        xr1.sim.setGnmiReachable(false);
        try (MacsecDriver d = open(xr1, "auto", Optional.of(ZURICH)); Secret cakA = cak(1); Secret cakB = cak(2)) {
            assertEquals("cli", ((IosXrDriver) d).transport());
            assertEquals("xr1", d.facts().hostname());
            seed(d, cakA);
            Candidate c = d.stage(PORT, rollover(cakB).withDescription("qkd key_ID 3f1c2a9e-cli"));
            assertTrue(c.diff().contains(B), c.diff());
            assertFalse(c.diff().contains(HexFormat.of().formatHex(bytes(2))), c.diff());
            d.commit(c, Duration.ofSeconds(60));
            assertTrue(xr1.sim.pendingCommitDeadline().isPresent());
            assertTrue(xr1.sim.runningConfig().contains("description qkd key_ID 3f1c2a9e-cli"), xr1.sim.runningConfig());
            d.confirm(c);
            assertTrue(xr1.sim.pendingCommitDeadline().isEmpty());
            KeyChainView after = d.readKeys(PORT);
            assertAfterRollover(after);
            assertEquals(Optional.of("qkd key_ID 3f1c2a9e-cli"), after.description());
            // a description alone: the key chain is not touched
            Candidate only = d.stage(PORT, new KeyPlan(List.of(), List.of(), List.of()).withDescription("qkd key_ID next"));
            assertFalse(only.diff().contains("key chain"), only.diff());
            d.commit(only, Duration.ZERO);
            assertEquals(Optional.of("qkd key_ID next"), d.readKeys(PORT).description());
        }
    }

    @Test
    void whatCiscosModelsRefuseIsRefusedBeforeAnythingIsSent() {
        for (String transport : List.of("gnmi", "cli")) {
            if (transport.equals("cli")) {
                xr1.sim.setGnmiReachable(false);
            }
            try (MacsecDriver d = open(xr1, transport.equals("cli") ? "auto" : "gnmi", Optional.empty()); Secret cakA = cak(1)) {
                String before = xr1.sim.runningConfig();
                Instant y2036 = Instant.parse("2036-01-01T12:00:00Z");
                assertInvalid(() -> d.stage(PORT, new KeyPlan(List.of(new KeyPlan.Add(A, cakA, y2036, Optional.empty())),
                        List.of(), List.of())), "year range \"1993..2035\"");
                assertInvalid(() -> d.stage(PORT, new KeyPlan(List.of(new KeyPlan.Add(A, cakA, T, Optional.of(y2036))),
                        List.of(), List.of())), "the end of key " + A + " falls in 2036");
                assertInvalid(() -> d.stage(PORT, KeyPlan.removing(List.of()).withDescription("")), "1 to 1024 characters");
                assertInvalid(() -> d.stage(PORT, KeyPlan.removing(List.of()).withDescription("x".repeat(1025))), "1 to 1024");
                assertInvalid(() -> d.stage(PORT, KeyPlan.removing(List.of()).withDescription("two\nlines")), "one line");
                Port longChain = new Port(PORT.interfaceName(), "POL", "K".repeat(33), PORT.cipher());
                assertInvalid(() -> d.stage(longChain, new KeyPlan(List.of(new KeyPlan.Add(A, cakA, T, Optional.empty())),
                        List.of(), List.of())), "length 1..32");
                assertEquals(before, xr1.sim.runningConfig(), "nothing reached the router");
                assertTrue(xr1.sim.pendingCommitDeadline().isEmpty());
            }
        }
    }

    private static void assertInvalid(org.junit.jupiter.api.function.Executable call, String why) {
        DriverException e = assertThrows(DriverException.class, call);
        assertEquals(DriverException.Kind.INVALID_REQUEST, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void changesGoThroughTheCliWhenGnmiLacksCommitConfirmed() {
        try (SimulatedXr plain = new SimulatedXr("xr3", pki, clock, ZURICH, false, null);
             MacsecDriver d = open(plain, "gnmi", Optional.empty()); Secret cakA = cak(1); Secret cakB = cak(2)) {
            assertEquals("gnmi", ((IosXrDriver) d).transport());
            assertTrue(d.capabilities().commitConfirmed());
            seed(d, cakA);
            Candidate c = d.stage(PORT, rollover(cakB));
            d.commit(c, Duration.ofSeconds(45));
            assertEquals(Optional.of(clock.instant().plusSeconds(45)), plain.sim.pendingCommitDeadline());
            d.confirm(c);
            assertAfterRollover(d.readKeys(PORT));
        }
    }

    @Test
    void aSetWithOneInvalidKeyIsRejectedAsAWhole() {
        DeviceTarget target = xr1.target("gnmi", Optional.empty());
        Redactor redactor = new Redactor();
        // B's key-string decodes to 30 hex digits, not 64: the router must refuse the whole Set.
        IosXrDriver d = new IosXrDriver(target, xr1.context(), redactor,
                s -> s.length() == 32 && s.apply(b -> b[0] == 2) ? truncated(s) : Type7.encodeCak(s, 5),
                Optional.of(GnmiTransport.open(target, IosXrOptions.of(target), xr1.context(), redactor)), null);
        try (d; Secret cakA = cak(1); Secret cakB = cak(2); Secret cakD = cak(4)) {
            seed(d, cakA);
            KeyChainView before = d.readKeys(PORT);
            KeyPlan plan = new KeyPlan(
                    List.of(new KeyPlan.Add(D, cakD, T, Optional.empty()), new KeyPlan.Add(B, cakB, T, Optional.empty())),
                    List.of(new KeyPlan.EndChange(A, T.plus(OVERLAP))), List.of(new KeyPlan.Remove(C)));
            Candidate c = d.stage(PORT, plan);
            DriverException e = assertThrows(DriverException.class, () -> d.commit(c, Duration.ofSeconds(60)));
            assertEquals(DriverException.Kind.COMMIT_FAILED, e.kind(), e.getMessage());
            assertTrue(e.getMessage().startsWith("xr1: "), e.getMessage());
            assertEquals(before, d.readKeys(PORT));
            assertTrue(xr1.sim.pendingCommitDeadline().isEmpty());
        }
    }

    @Test
    void anUnconfirmedGnmiCommitRollsBackWhenItsWindowEnds() {
        try (MacsecDriver d = open(xr1, "gnmi", Optional.empty()); Secret cakA = cak(1); Secret cakB = cak(2)) {
            seed(d, cakA);
            KeyChainView before = d.readKeys(PORT);
            Candidate c = d.stage(PORT, rollover(cakB));
            d.commit(c, Duration.ofSeconds(60));
            assertTrue(d.readKeys(PORT).slot(B).isPresent());
            clock.advance(Duration.ofSeconds(61));
            assertEquals(before.slots(), d.readKeys(PORT).slots());
            assertTrue(xr1.sim.pendingCommitDeadline().isEmpty());
            d.discard(c);
        }
    }

    @Test
    void anUnconfirmedCliCommitRollsBackWhenItsWindowEnds() {
        xr1.sim.setGnmiReachable(false);
        try (MacsecDriver d = open(xr1, "cli", Optional.of(ZURICH)); Secret cakA = cak(1); Secret cakB = cak(2)) {
            seed(d, cakA);
            KeyChainView before = d.readKeys(PORT);
            Candidate c = d.stage(PORT, rollover(cakB));
            d.commit(c, Duration.ofSeconds(30));
            clock.advance(Duration.ofSeconds(31));
            d.discard(c);
            assertEquals(before.slots(), d.readKeys(PORT).slots());
            assertTrue(xr1.sim.pendingCommitDeadline().isEmpty());
        }
    }

    @Test
    void closingNeverLeavesAnUnconfirmedCommitBehind() {
        MacsecDriver d = open(xr1, "gnmi", Optional.empty());
        try (Secret cakA = cak(1); Secret cakB = cak(2)) {
            seed(d, cakA);
            d.commit(d.stage(PORT, rollover(cakB)), Duration.ofSeconds(60));
            assertTrue(xr1.sim.pendingCommitDeadline().isPresent());
        } finally {
            d.close();
        }
        assertTrue(xr1.sim.pendingCommitDeadline().isEmpty());
        assertFalse(xr1.sim.runningConfig().contains(B));
    }

    @Test
    void anEmptyPlanSettlesACommitLeftUnconfirmedByARestart() {
        try (Secret cakA = cak(1); Secret cakB = cak(2)) {
            MacsecDriver first = open(xr1, "gnmi", Optional.empty());
            try {
                seed(first, cakA);
                first.commit(first.stage(PORT, rollover(cakB)), Duration.ofSeconds(60));
                // The controller dies here: its candidates are gone, the router still waits.
                try (MacsecDriver second = open(xr1, "gnmi", Optional.empty())) {
                    second.commit(second.stage(PORT, new KeyPlan(List.of(), List.of(), List.of())), Duration.ZERO);
                    assertTrue(xr1.sim.pendingCommitDeadline().isEmpty());
                    clock.advance(Duration.ofSeconds(61));
                    assertAfterRollover(second.readKeys(PORT));
                }
            } finally {
                first.close(); // its cancel finds nothing pending any more
            }
            assertAfterRollover(readKeysOnce(xr1));
        }
    }

    @Test
    void mkaMovesToTheNewKeyOnBothRouters() {
        try (MacsecDriver d1 = open(xr1, "gnmi", Optional.empty()); MacsecDriver d2 = open(xr2, "auto", Optional.empty());
             Secret cakA = cak(1); Secret cakB = cak(2)) {
            for (MacsecDriver d : List.of(d1, d2)) {
                seed(d, cakA);
            }
            clock.advance(Duration.ofSeconds(5));
            assertTrue(securedWith(d1.readMka(PORT), A), d1.readMka(PORT).toString());
            for (MacsecDriver d : List.of(d1, d2)) {
                Candidate c = d.stage(PORT, rollover(cakB));
                d.commit(c, Duration.ofSeconds(60));
                d.confirm(c);
            }
            clock.advanceTo(T.plusSeconds(30));
            assertTrue(securedWith(d1.readMka(PORT), B), d1.readMka(PORT).toString());
            assertTrue(securedWith(d2.readMka(PORT), B), d2.readMka(PORT).toString());
            assertEquals(Optional.of(B), d1.readKeys(PORT).activeSendCkn());
        }
    }

    @Test
    void noKeyMaterialReachesTheLogs() {
        String t7;
        try (LogCapture logs = new LogCapture(); Secret cakA = cak(1); Secret cakB = cak(2)) {
            try (MacsecDriver d = open(xr1, "gnmi", Optional.empty())) {
                seed(d, cakA);
                Candidate c = d.stage(PORT, rollover(cakB));
                d.commit(c, Duration.ofSeconds(60));
                d.confirm(c);
                DriverException refused = assertThrows(DriverException.class, () -> d.stage(PORT, rollover(cakB)));
                assertTrue(refused.getMessage().contains("already exists"));
            }
            xr1.sim.setGnmiReachable(false);
            try (MacsecDriver d = open(xr1, "auto", Optional.of(ZURICH)); Secret cakD = cak(4)) {
                Candidate c = d.stage(PORT, new KeyPlan(List.of(new KeyPlan.Add(D, cakD, T.plusSeconds(600), Optional.empty())),
                        List.of(), List.of()));
                d.commit(c, Duration.ofSeconds(60));
                d.confirm(c);
                d.readKeys(PORT);
            }
            t7 = keyString(xr1.sim.runningConfig(), B);
            String text = logs.text();
            assertTrue(logs.size() > 20, "expected a protocol trace, got " + logs.size() + " lines");
            assertTrue(text.contains("cli> key-string password " + Redactor.MASK), text);
            for (int i : new int[] {1, 2, 4}) {
                byte[] key = bytes(i);
                for (String form : List.of(HexFormat.of().formatHex(key), HexFormat.of().formatHex(key).toUpperCase(Locale.ROOT),
                        Base64.getEncoder().encodeToString(key))) {
                    assertFalse(text.contains(form), "key " + i + " leaked as " + form);
                }
            }
            assertFalse(text.toUpperCase(Locale.ROOT).contains(t7.toUpperCase(Locale.ROOT)), "type-7 key-string leaked");
            assertFalse(text.contains(SimulatedXr.PASS), "password leaked");
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    private MacsecDriver open(SimulatedXr xr, String transport, Optional<ZoneId> zone) {
        return new IosXrDriverFactory().open(xr.target(transport, zone), xr.context());
    }

    /** Before the rollover: A (started a day ago, no end) and the retired C. */
    private void seed(MacsecDriver d, Secret cakA) {
        try (Secret cakC = cak(3)) {
            KeyPlan plan = new KeyPlan(List.of(
                    new KeyPlan.Add(C, cakC, START.minus(Duration.ofDays(2)), Optional.of(START.minus(Duration.ofDays(1)).plus(OVERLAP))),
                    new KeyPlan.Add(A, cakA, START.minus(Duration.ofDays(1)), Optional.empty())), List.of(), List.of());
            d.commit(d.stage(PORT, plan), Duration.ZERO);
        }
        KeyChainView v = d.readKeys(PORT);
        assertEquals(Optional.of(START.minus(Duration.ofDays(1))), v.slot(A).orElseThrow().start());
        assertEquals(Optional.of(A), v.activeSendCkn());
    }

    private KeyChainView readKeysOnce(SimulatedXr xr) {
        try (MacsecDriver d = open(xr, "gnmi", Optional.empty())) {
            return d.readKeys(PORT);
        }
    }

    private static KeyPlan rollover(Secret cakB) {
        return new KeyPlan(List.of(new KeyPlan.Add(B, cakB, T, Optional.empty())),
                List.of(new KeyPlan.EndChange(A, T.plus(OVERLAP))), List.of(new KeyPlan.Remove(C)));
    }

    private static void assertAfterRollover(KeyChainView v) {
        KeySlot b = v.slot(B).orElseThrow(() -> new AssertionError("no key B in " + v));
        assertEquals(Optional.of(T), b.start());
        assertEquals(Optional.empty(), b.end());
        KeySlot a = v.slot(A).orElseThrow();
        assertEquals(Optional.of(START.minus(Duration.ofDays(1))), a.start());
        assertEquals(Optional.of(T.plus(OVERLAP)), a.end());
        assertTrue(v.slot(C).isEmpty(), v.toString());
    }

    private static boolean securedWith(List<MkaSession> sessions, String ckn) {
        return sessions.stream().anyMatch(s -> s.ckn().equals(ckn) && s.secured() && s.livePeers() >= 1);
    }

    private static byte[] bytes(int seed) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seed * 37 + i * 11);
        }
        b[0] = (byte) seed;
        return b;
    }

    private static Secret cak(int seed) {
        return Secret.adopt(bytes(seed));
    }

    /** A type-7 string of only the first 15 CAK bytes (30 hex digits): invalid for aes-256-cmac. */
    private static char[] truncated(Secret cak) {
        try (Secret head = cak.slice(0, 15)) {
            return Type7.encodeCak(head, 5);
        }
    }

    private static String keyString(String runningConfig, String ckn) {
        Matcher m = Pattern.compile("key " + ckn + "\\s+key-string password (\\S+)").matcher(runningConfig);
        assertTrue(m.find(), runningConfig);
        return m.group(1);
    }
}
