package org.qkdmacsec.driver.iosxr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qkdmacsec.lab.mka.MkaLinkModel;
import org.qkdmacsec.lab.pki.TestPki;
import org.qkdmacsec.lab.time.ManualClock;
import org.qkdmacsec.spi.Candidate;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.DriverException.Kind;
import org.qkdmacsec.spi.KeyChainView;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.MacsecDriver;
import org.qkdmacsec.spi.MkaSession;
import org.qkdmacsec.spi.Port;
import org.qkdmacsec.spi.PortChange;
import org.qkdmacsec.spi.Secret;

/**
 * Several ports of one router in one change ({@code stage(List<PortChange>)}) against the lab IOS-XR routers, over
 * gNMI (one SetRequest) and over the CLI (one {@code configure exclusive} session, one commit): two links between
 * two routers rolled over with one commit and one confirm per router — counted by the routers' commit latency on
 * the lab clock — and a refusal for one port leaving nothing of either.
 */
class IosXrMultiPortTest {
    private static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");
    private static final Instant START = Instant.parse("2026-07-10T17:40:00Z");
    private static final Instant T = Instant.parse("2026-07-10T17:47:00Z");
    private static final Duration OVERLAP = Duration.ofSeconds(120);
    private static final Duration LATENCY = Duration.ofSeconds(3);
    private static final String IFACE_2 = "HundredGigE0/0/0/1";
    private static final Port PORT = new Port(SimulatedXr.IFACE, "POL", "QKD_KC", CipherSuite.GCM_AES_XPN_256);
    private static final Port PORT_2 = new Port(IFACE_2, "POL", "QKD_KC2", CipherSuite.GCM_AES_XPN_256);
    private static final String A = "a1".repeat(32);
    private static final String B = "b2".repeat(32);
    private static final String A2 = "a3".repeat(32);
    private static final String B2 = "b4".repeat(32);

    @TempDir
    java.nio.file.Path dir;

    private ManualClock clock;
    private MkaLinkModel first;
    private MkaLinkModel second;
    private SimulatedXr xr1;
    private SimulatedXr xr2;

    @BeforeEach
    void start() {
        clock = new ManualClock(START);
        first = new MkaLinkModel(clock);
        second = new MkaLinkModel(clock);
        TestPki pki = TestPki.create(dir);
        List<String> ifaces = List.of(SimulatedXr.IFACE, IFACE_2);
        xr1 = new SimulatedXr("xr1", pki, clock, ZURICH, true, Map.of(SimulatedXr.IFACE, first.a(), IFACE_2, second.a()), ifaces,
                LATENCY);
        xr2 = new SimulatedXr("xr2", pki, clock, ZURICH, true, Map.of(SimulatedXr.IFACE, first.b(), IFACE_2, second.b()), ifaces,
                LATENCY);
    }

    @AfterEach
    void stop() {
        xr1.close();
        xr2.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gnmi", "cli"})
    void twoLinksRollOverWithOneCommitAndOneConfirmPerRouter(String transport) {
        try (MacsecDriver d1 = open(xr1, transport); MacsecDriver d2 = open(xr2, transport)) {
            assertEquals(transport, ((IosXrDriver) d1).transport());
            assertEquals(transport.equals("gnmi") ? 64 : 32, d1.capabilities().portsPerCommit());
            for (MacsecDriver d : List.of(d1, d2)) {
                // the first keys of both ports, and both bindings, in one plain commit
                Instant before = clock.instant();
                d.commit(d.stage(List.of(new PortChange(PORT, first(A, 1)), new PortChange(PORT_2, first(A2, 3)))), Duration.ZERO);
                assertEquals(before.plus(LATENCY), clock.instant(), "one commit for both ports");
            }
            clock.advance(Duration.ofSeconds(5));
            Instant from = clock.instant();
            assertTrue(securedWith(d1.readMka(PORT), A) && securedWith(d2.readMka(PORT_2), A2), d1.readMka(PORT_2).toString());
            for (MacsecDriver d : List.of(d1, d2)) {
                Instant before = clock.instant();
                Candidate c = d.stage(List.of(new PortChange(PORT, rollover(A, B, 2).withDescription("qkd key_ID one")),
                        new PortChange(PORT_2, rollover(A2, B2, 4).withDescription("qkd key_ID two"))));
                assertTrue(c.diff().contains(B) && c.diff().contains(B2) && c.diff().contains("qkd key_ID two"), c.diff());
                assertTrue(c.diff().contains(Redactor.MASK), c.diff());
                for (int seed : new int[] {2, 4}) {
                    assertFalse(c.diff().contains(HexFormat.of().formatHex(bytes(seed))), c.diff());
                }
                d.commit(c, Duration.ofSeconds(60));
                SimulatedXr xr = d == d1 ? xr1 : xr2;
                assertTrue(xr.sim.pendingCommitDeadline().isPresent());
                d.confirm(c);
                assertTrue(xr.sim.pendingCommitDeadline().isEmpty(), "one confirm covers both ports");
                assertEquals(before.plus(LATENCY.multipliedBy(2)), clock.instant(), "one commit and one confirm for two ports");
            }
            clock.advanceTo(T.plusSeconds(30));
            for (MacsecDriver d : List.of(d1, d2)) {
                assertTrue(securedWith(d.readMka(PORT), B), d.readMka(PORT).toString());
                assertTrue(securedWith(d.readMka(PORT_2), B2), d.readMka(PORT_2).toString());
                assertRolledOver(d.readKeys(PORT), A, B, "qkd key_ID one");
                assertRolledOver(d.readKeys(PORT_2), A2, B2, "qkd key_ID two");
            }
            for (MkaLinkModel link : List.of(first, second)) {
                assertTrue(link.outages(from, clock.instant()).hitless(), link.outages(from, clock.instant()).toString());
                assertEquals(2, link.activeKeys(link.a().side(), from, clock.instant()).size(), link.toString());
            }
        }
    }

    @Test
    void aGnmiSetRefusedForOnePortAppliesNothingOfEitherPort() {
        // the inventory names an interface this router does not have: the router refuses the whole Set
        Port missing = new Port("HundredGigE0/0/0/7", "POL", "QKD_KC7", CipherSuite.GCM_AES_XPN_256);
        try (MacsecDriver d = open(xr1, "gnmi")) {
            String before = xr1.sim.runningConfig();
            Candidate c = d.stage(List.of(new PortChange(PORT, first(A, 1)), new PortChange(missing, first(A2, 3))));
            DriverException e = assertThrows(DriverException.class, () -> d.commit(c, Duration.ofSeconds(60)));
            assertEquals(Kind.COMMIT_FAILED, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("HundredGigE0/0/0/7"), e.getMessage());
            assertEquals(before, xr1.sim.runningConfig(), "nothing of the good port either");
            assertTrue(xr1.sim.pendingCommitDeadline().isEmpty());
            assertTrue(d.readKeys(PORT).slots().isEmpty());
            // the engine's fallback: one port per change; the good one goes through
            Candidate alone = d.stage(PORT, first(A, 1));
            d.commit(alone, Duration.ofSeconds(60));
            d.confirm(alone);
            assertTrue(d.readKeys(PORT).slot(A).isPresent());
        }
    }

    @Test
    void aCliLineRefusedForOnePortAbortsTheWholeSession() {
        try (MacsecDriver d = open(xr1, "cli")) {
            String before = xr1.sim.runningConfig();
            xr1.sim.faults().refuseLine("key chain " + PORT_2.keyChain(), "Invalid argument: refused by the test");
            DriverException e = assertThrows(DriverException.class,
                    () -> d.stage(List.of(new PortChange(PORT, first(A, 1)), new PortChange(PORT_2, first(A2, 3)))));
            assertEquals(Kind.DEVICE_ERROR, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("refused by the test") && e.getMessage().contains("session aborted"), e.getMessage());
            assertEquals(before, xr1.sim.runningConfig());
            // the exclusive session was aborted: the next change (the engine's fallback, one port) goes through
            for (PortChange p : List.of(new PortChange(PORT, first(A, 1)), new PortChange(PORT_2, first(A2, 3)))) {
                d.commit(d.stage(p.port(), p.plan()), Duration.ZERO);
            }
            assertTrue(d.readKeys(PORT).slot(A).isPresent() && d.readKeys(PORT_2).slot(A2).isPresent());
        }
    }

    @Test
    void tooManyPortsForTheTransportOrASharedKeyChainIsRefusedBeforeAnythingIsSent() {
        try (MacsecDriver cli = open(xr1, "cli"); MacsecDriver gnmi = open(xr1, "gnmi")) {
            String before = xr1.sim.runningConfig();
            assertInvalid(() -> cli.stage(ports(33)), "over the CLI covers at most 32 ports");
            assertInvalid(() -> gnmi.stage(ports(65)), "over gNMI covers at most 64 ports");
            assertInvalid(() -> gnmi.stage(List.of(new PortChange(PORT, first(A, 1)),
                    new PortChange(new Port(IFACE_2, "POL", PORT.keyChain(), PORT.cipher()), first(A2, 3)))), "both name key chain QKD_KC");
            assertInvalid(() -> gnmi.stage(List.of()), "at least one port");
            // a plan the model refuses, for the second port, stops the change before any read
            assertInvalid(() -> cli.stage(List.of(new PortChange(PORT, first(A, 1)),
                    new PortChange(PORT_2, KeyPlan.removing(List.of()).withDescription("")))), "1 to 1024");
            assertEquals(before, xr1.sim.runningConfig());
        }
    }

    private static List<PortChange> ports(int n) {
        List<PortChange> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new PortChange(new Port("HundredGigE0/1/0/" + i, "POL", "QKD_" + i, CipherSuite.GCM_AES_XPN_256),
                    KeyPlan.removing(List.of())));
        }
        return out;
    }

    private static void assertInvalid(org.junit.jupiter.api.function.Executable call, String why) {
        DriverException e = assertThrows(DriverException.class, call);
        assertEquals(Kind.INVALID_REQUEST, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    private MacsecDriver open(SimulatedXr xr, String transport) {
        return new IosXrDriverFactory().open(xr.target(transport, Optional.empty()), xr.context());
    }

    /** A port's first key, started a day before the rollover; binds the interface to its chain. */
    private static KeyPlan first(String ckn, int seed) {
        return new KeyPlan(List.of(new KeyPlan.Add(ckn, cak(seed), START.minus(Duration.ofDays(1)), Optional.empty())), List.of(),
                List.of());
    }

    private static KeyPlan rollover(String current, String next, int seed) {
        return new KeyPlan(List.of(new KeyPlan.Add(next, cak(seed), T, Optional.empty())),
                List.of(new KeyPlan.EndChange(current, T.plus(OVERLAP))), List.of());
    }

    private static void assertRolledOver(KeyChainView v, String current, String next, String description) {
        assertEquals(Optional.of(T), v.slot(next).orElseThrow(() -> new AssertionError(v.toString())).start());
        assertEquals(Optional.of(T.plus(OVERLAP)), v.slot(current).orElseThrow().end());
        assertEquals(Optional.of(description), v.description());
        assertEquals(Optional.of(v.keyChain()), v.boundCa());
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
}
