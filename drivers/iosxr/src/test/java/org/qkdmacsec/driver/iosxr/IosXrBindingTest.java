package org.qkdmacsec.driver.iosxr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.lab.mka.MkaLinkModel;
import org.qkdmacsec.lab.mka.OutageTimeline;
import org.qkdmacsec.lab.pki.TestPki;
import org.qkdmacsec.lab.time.ManualClock;
import org.qkdmacsec.spi.Candidate;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.MacsecDriver;
import org.qkdmacsec.spi.MkaSession;
import org.qkdmacsec.spi.Port;
import org.qkdmacsec.spi.Secret;

/**
 * The interface binding ({@code macsec psk-keychain}) against two fresh lab routers that know nothing
 * of the chain: the lab router runs MKA (and feeds the link model) only on a bound interface, so a
 * driver that keyed the chain without binding would never see the link secured.
 */
class IosXrBindingTest {
    private static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");
    private static final Instant START = Instant.parse("2026-07-10T17:40:00Z");
    private static final Instant T = Instant.parse("2026-07-10T17:47:00Z");
    private static final Duration OVERLAP = Duration.ofSeconds(120);
    private static final Port PORT = new Port(SimulatedXr.IFACE, "POL", "QKD_KC", CipherSuite.GCM_AES_XPN_256);
    private static final String BINDING = "macsec psk-keychain QKD_KC";
    private static final String A = "a1".repeat(32);
    private static final String B = "b2".repeat(32);

    @TempDir
    java.nio.file.Path dir;

    private ManualClock clock;
    private MkaLinkModel link;
    private SimulatedXr xr1;
    private SimulatedXr xr2;

    @BeforeEach
    void start() {
        clock = new ManualClock(START);
        link = new MkaLinkModel(clock);
        TestPki pki = TestPki.create(dir);
        xr1 = new SimulatedXr("xr1", pki, clock, ZURICH, true, link.a());
        xr2 = new SimulatedXr("xr2", pki, clock, ZURICH, true, link.b());
    }

    @AfterEach
    void stop() {
        xr1.close();
        xr2.close();
    }

    @Test
    void freshRoutersGetKeyAndBindingInOneCommitAndMkaRollsOverWithNoOutage() {
        try (MacsecDriver d1 = open(xr1, "gnmi", Map.of()); MacsecDriver d2 = open(xr2, "cli", Map.of());
             Secret cakA = cak(1); Secret cakB = cak(2)) {
            for (MacsecDriver d : List.of(d1, d2)) {
                assertEquals(Optional.empty(), d.readKeys(PORT).boundCa());
                Candidate c = d.stage(PORT, first(cakA));
                assertTrue(c.diff().contains("psk-keychain"), c.diff());
                d.commit(c, Duration.ofSeconds(60));
                d.confirm(c);
                assertEquals(Optional.of("QKD_KC"), d.readKeys(PORT).boundCa());
            }
            for (SimulatedXr xr : List.of(xr1, xr2)) {
                assertTrue(boundLine(xr).equals(Optional.of(BINDING)), xr.sim.runningConfig());
            }
            clock.advance(Duration.ofSeconds(10));
            Instant up = clock.instant();
            assertTrue(link.securedAt(up), link.toString());
            assertTrue(securedWith(d1.readMka(PORT), A), d1.readMka(PORT).toString());
            assertTrue(securedWith(d2.readMka(PORT), A), d2.readMka(PORT).toString());

            for (MacsecDriver d : List.of(d1, d2)) {
                Candidate c = d.stage(PORT, rollover(cakB));
                assertFalse(c.diff().contains("psk-keychain"), "a bound interface is not bound again: " + c.diff());
                d.commit(c, Duration.ofSeconds(60));
                d.confirm(c);
            }
            clock.advanceTo(T.plus(Duration.ofMinutes(5)));

            OutageTimeline outages = link.outages(up, clock.instant());
            assertTrue(outages.hitless(), () -> "outages: " + outages.outages());
            assertEquals(0.0, outages.totalSeconds());
            assertTrue(securedWith(d1.readMka(PORT), B), d1.readMka(PORT).toString());
            assertTrue(securedWith(d2.readMka(PORT), B), d2.readMka(PORT).toString());
            assertEquals(Optional.of(B), d1.readKeys(PORT).activeSendCkn());
            assertEquals(Optional.of("QKD_KC"), d2.readKeys(PORT).boundCa());
        }
    }

    /** The binding is part of the key's transaction: an unconfirmed commit takes both back. */
    @Test
    void anUnconfirmedFirstCommitRollsBackTheBindingWithTheKey() {
        for (String transport : List.of("gnmi", "cli")) {
            String before = xr1.sim.runningConfig();
            try (MacsecDriver d = open(xr1, transport, Map.of()); Secret cakA = cak(1)) {
                Candidate c = d.stage(PORT, first(cakA));
                d.commit(c, Duration.ofSeconds(60));
                assertEquals(Optional.of(BINDING), boundLine(xr1), transport);
                assertTrue(xr1.sim.runningConfig().contains("key " + A), transport);
                clock.advance(Duration.ofSeconds(61));
                assertEquals(Optional.empty(), boundLine(xr1), transport);
                assertFalse(xr1.sim.runningConfig().contains("key " + A), transport);
                assertEquals(before, xr1.sim.runningConfig(), transport);
                d.discard(c);
            }
        }
    }

    @Test
    void anInterfaceBoundToAnotherChainIsRefusedAndLeftAlone() {
        xr1.bind("OTHER", "POL");
        String before = xr1.sim.runningConfig();
        for (String transport : List.of("gnmi", "cli")) {
            try (MacsecDriver d = open(xr1, transport, Map.of()); Secret cakA = cak(1)) {
                assertEquals(Optional.of("OTHER"), d.readKeys(PORT).boundCa(), transport);
                DriverException e = assertThrows(DriverException.class, () -> d.stage(PORT, first(cakA)));
                assertEquals(DriverException.Kind.INVALID_REQUEST, e.kind(), transport);
                assertEquals("xr1: interface " + SimulatedXr.IFACE + " is bound to key chain OTHER (macsec psk-keychain),"
                        + " not QKD_KC; refusing to rebind it", e.getMessage());
            }
            assertEquals(before, xr1.sim.runningConfig(), transport);
            assertTrue(xr1.sim.pendingCommitDeadline().isEmpty(), transport);
        }
    }

    @Test
    void aPlanThatOnlyRemovesKeysNeverBinds() {
        for (String transport : List.of("gnmi", "cli")) {
            try (MacsecDriver d = open(xr1, transport, Map.of())) {
                Candidate c = d.stage(PORT, KeyPlan.removing(List.of(A)));
                assertFalse(c.diff().contains("psk-keychain"), c.diff());
                d.commit(c, Duration.ZERO);
                assertEquals(Optional.empty(), d.readKeys(PORT).boundCa(), transport);
            }
            assertEquals(Optional.empty(), boundLine(xr1), transport);
        }
    }

    @Test
    void theMacsecPolicyOptionNamesThePolicyOfANewBinding() {
        for (SimulatedXr xr : List.of(xr1, xr2)) {
            String transport = xr == xr1 ? "gnmi" : "cli";
            try (MacsecDriver d = open(xr, transport, Map.of("macsec-policy", "MSP-256")); Secret cakA = cak(1)) {
                d.commit(d.stage(PORT, first(cakA)), Duration.ZERO);
                assertEquals(Optional.of("QKD_KC"), d.readKeys(PORT).boundCa(), transport);
            }
            assertEquals(Optional.of(BINDING + " policy MSP-256"), boundLine(xr), transport);
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    private MacsecDriver open(SimulatedXr xr, String transport, Map<String, String> options) {
        return new IosXrDriverFactory().open(xr.target(transport, Optional.of(ZURICH), options), xr.context());
    }

    /** The {@code macsec psk-keychain} line of the interface in the router's committed configuration. */
    private static Optional<String> boundLine(SimulatedXr xr) {
        return xr.sim.runningConfig().lines().map(String::strip).filter(l -> l.startsWith("macsec psk-keychain")).findFirst();
    }

    /** First keys on a fresh router: A, valid since a day ago. */
    private static KeyPlan first(Secret cakA) {
        return new KeyPlan(List.of(new KeyPlan.Add(A, cakA, START.minus(Duration.ofDays(1)), Optional.empty())), List.of(),
                List.of());
    }

    private static KeyPlan rollover(Secret cakB) {
        return new KeyPlan(List.of(new KeyPlan.Add(B, cakB, T, Optional.empty())),
                List.of(new KeyPlan.EndChange(A, T.plus(OVERLAP))), List.of());
    }

    private static boolean securedWith(List<MkaSession> sessions, String ckn) {
        return sessions.stream().anyMatch(s -> s.ckn().equals(ckn) && s.secured() && s.livePeers() >= 1);
    }

    private static Secret cak(int seed) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seed * 53 + i * 7);
        }
        return Secret.adopt(b);
    }
}
