package org.qkdmacsec.driver.junos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.qkdmacsec.lab.junos.JunosSimulator;
import org.qkdmacsec.lab.mka.MkaLinkModel;
import org.qkdmacsec.spi.Candidate;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.DeviceTarget;
import org.qkdmacsec.spi.DeviceTarget.HostKeyPolicy;
import org.qkdmacsec.spi.DriverContext;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.DriverException.Kind;
import org.qkdmacsec.spi.KeyChainView;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.MkaSession;
import org.qkdmacsec.spi.Port;
import org.qkdmacsec.spi.PortChange;
import org.qkdmacsec.spi.Secret;
import org.slf4j.LoggerFactory;

/**
 * Several ports of one router in one change ({@code stage(List<PortChange>)}) against the lab's Junos
 * simulator: one lock, one load, one commit and one confirm for all of them, each port's keys read back,
 * and a refusal for one port leaving nothing of any port staged.
 */
class JunosMultiPortTest extends SimulatorFixture {
    static final Port PORT_2 = new Port("et-0/0/1", "CA2", "QKD_CA2", CipherSuite.GCM_AES_XPN_256);
    /** A port with nothing configured yet: its CA and both bindings come with its first keys. */
    static final Port FRESH = new Port("et-0/0/2", "CA3", "QKD_CA3", CipherSuite.GCM_AES_256);
    static final String CKN_ACTIVE_2 = "ba".repeat(32);
    static final String CKN_3 = "c3".repeat(32);
    static final String CKN_4 = "c4".repeat(32);
    static final byte[] CAK_3 = HexFormat.of().parseHex("3333333333333333333333333333333344444444444444444444444444444444");
    static final byte[] CAK_4 = HexFormat.of().parseHex("5555555555555555555555555555555566666666666666666666666666666666");

    /** The fixture's port, and et-0/0/1 on CA2/QKD_CA2 keyed the same way. */
    @Override
    String configuration() {
        return twoPorts("2026-07-10.20:00:00");
    }

    static String twoPorts(String activeStart) {
        String one = initialConfiguration().replace("2026-07-10.20:00:00", activeStart);
        String chain2 = "<key-chain><name>QKD_CA2</name><key><name>0</name><secret>" + CAK_ACTIVE + "</secret><key-name>"
                + CKN_ACTIVE_2 + "</key-name><start-time>" + activeStart + "</start-time></key></key-chain>";
        String ca2 = "<connectivity-association><name>CA2</name><cipher-suite>gcm-aes-xpn-256</cipher-suite><security-mode>"
                + "static-cak</security-mode><pre-shared-key-chain>QKD_CA2</pre-shared-key-chain></connectivity-association>";
        String bind2 = "<interfaces><name>et-0/0/1</name><connectivity-association>CA2</connectivity-association></interfaces>";
        return one.replace("</key-chain></authentication-key-chains>", "</key-chain>" + chain2 + "</authentication-key-chains>")
                .replace("</connectivity-association><interfaces>", "</connectivity-association>" + ca2 + "<interfaces>")
                .replace("</macsec>", bind2 + "</macsec>");
    }

    static KeyPlan keys(String ckn, byte[] cak, Duration after) {
        return new KeyPlan(List.of(new KeyPlan.Add(ckn, Secret.copyOf(cak), T0.plus(after), Optional.empty())), List.of(), List.of());
    }

    static List<PortChange> both() {
        return List.of(new PortChange(PORT, twoFutureKeys().withDescription("qkd key_ID 6f1c")),
                new PortChange(PORT_2, new KeyPlan(List.of(
                        new KeyPlan.Add(CKN_3, Secret.copyOf(CAK_3), T0.plus(Duration.ofHours(1)), Optional.empty()),
                        new KeyPlan.Add(CKN_4, Secret.copyOf(CAK_4), T0.plus(Duration.ofHours(2)), Optional.empty())),
                        List.of(), List.of()).withDescription("qkd key_ID 7a2d")));
    }

    @ParameterizedTest
    @EnumSource(Base.class)
    void twoPortsAreStagedCommittedConfirmedAndConfirmedInOneLoadOneCommitAndOneConfirm(Base base) throws Exception {
        open(base);
        assertEquals(64, driver.capabilities().portsPerCommit());
        List<String> wire = wire(() -> {
            Candidate c = driver.stage(both());
            assertTrue(c.diff().contains(CKN_1) && c.diff().contains(CKN_4) && c.diff().contains("qkd key_ID 7a2d"), c.diff());
            assertNoCak(c.diff());
            assertFalse(c.diff().contains(HexFormat.of().formatHex(CAK_3)), c.diff());
            assertEquals(PORT, c.port());
            driver.commit(c, Duration.ofMinutes(2));
            assertEquals(Optional.of(T0.plus(Duration.ofMinutes(2))), sim.pendingRollbackDeadline());
            driver.confirm(c);
            return c;
        });
        assertTrue(sim.pendingRollbackDeadline().isEmpty(), "one confirm covers both ports");
        assertEquals(1, count(wire, "<load-configuration"), "one load for both ports");
        for (byte[] cak : List.of(CAK_1, CAK_2, CAK_3, CAK_4)) {
            String hex = HexFormat.of().formatHex(cak);
            assertTrue(wire.stream().noneMatch(m -> m.toLowerCase(java.util.Locale.ROOT).contains(hex)), "no CAK in the trace");
        }
        assertEquals(2, count(wire, "<lock>"), "one lock to stage, one to confirm");
        assertEquals(2, count(wire, "<commit"), "one confirmed commit, one confirming commit");
        assertEquals(1, wire.stream().filter(m -> m.contains("database=\"committed\"") && m.contains("QKD_CA1")
                && m.contains("QKD_CA2")).count(), "one read of both ports' committed configuration");
        assertEquals(1, count(wire, "database=\"candidate\""), "one read-back of both chains' start-times");

        clock.advance(Duration.ofMinutes(10));
        KeyChainView one = driver.readKeys(PORT);
        KeyChainView two = driver.readKeys(PORT_2);
        assertEquals(Optional.of(T0.plus(Duration.ofHours(1))), one.slot(CKN_1).orElseThrow().start());
        assertEquals(Optional.of(T0.plus(Duration.ofHours(2))), one.slot(CKN_2).orElseThrow().start());
        assertEquals(Optional.of(T0.plus(Duration.ofHours(1))), two.slot(CKN_3).orElseThrow().start());
        assertEquals(Optional.of(T0.plus(Duration.ofHours(2))), two.slot(CKN_4).orElseThrow().start());
        assertTrue(one.slot(CKN_3).isEmpty() && two.slot(CKN_1).isEmpty(), "each chain holds its own port's keys");
        assertEquals(Optional.of("qkd key_ID 6f1c"), one.description());
        assertEquals(Optional.of("qkd key_ID 7a2d"), two.description());
        String committed = sim.committedConfigurationXml();
        for (byte[] cak : List.of(CAK_1, CAK_2, CAK_3, CAK_4)) {
            assertFalse(committed.contains(HexFormat.of().formatHex(cak)), "the device keeps CAKs $9$-encoded");
        }
    }

    @Test
    void aFreshPortGetsItsConnectivityAssociationAndBindingsInTheSameChangeAsABoundOne() throws Exception {
        open(Base.BASE_1_1);
        Candidate c = driver.stage(List.of(new PortChange(PORT, twoFutureKeys()),
                new PortChange(FRESH, keys(CKN_3, CAK_3, Duration.ofHours(1)))));
        driver.commit(c, Duration.ZERO);
        KeyChainView fresh = driver.readKeys(FRESH);
        assertEquals(Optional.of("CA3"), fresh.boundCa());
        assertEquals("0", fresh.slot(CKN_3).orElseThrow().slotId());
        assertTrue(driver.readKeys(PORT).slot(CKN_2).isPresent());
        assertTrue(sim.committedConfigurationText().contains("cipher-suite gcm-aes-256"), sim.committedConfigurationText());
    }

    @ParameterizedTest
    @EnumSource(Base.class)
    void aLoadRefusedForOnePortDiscardsTheWholeCandidateAndThePortsThenGoOneByOne(Base base) throws Exception {
        open(base);
        String before = sim.committedConfigurationXml();
        sim.faults().refuseLoadOf("QKD_CA2", "key chain QKD_CA2: refused by the test");
        DriverException e = assertThrows(DriverException.class, () -> driver.stage(both()));
        assertEquals(Kind.DEVICE_ERROR, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("refused by the test") && e.getMessage().contains("QKD_CA1, QKD_CA2"), e.getMessage());
        assertNoCak(e.getMessage());
        try (Raw operator = raw()) {
            // The simulator kept port 1's part of the refused load, as Junos may: the driver discarded it and unlocked.
            assertFalse(operator.rpc("<lock><target><candidate/></target></lock>").failed(), "discarded and unlocked");
            String candidate = operator.rpc("<get-configuration database=\"candidate\" format=\"xml\"/>").root().getTextContent();
            assertFalse(candidate.contains(CKN_1) || candidate.contains(CKN_3), "nothing of either port is staged");
            assertFalse(operator.rpc("<unlock><target><candidate/></target></unlock>").failed());
        }
        assertEquals(before, sim.committedConfigurationXml());
        assertTrue(sim.pendingRollbackDeadline().isEmpty());
        // what the engine does next: one port per change
        for (PortChange p : both()) {
            driver.commit(driver.stage(p.port(), p.plan()), Duration.ZERO);
        }
        assertTrue(driver.readKeys(PORT).slot(CKN_1).isPresent() && driver.readKeys(PORT_2).slot(CKN_3).isPresent());
    }

    @Test
    void aChangeThatNamesAKeyChainTwiceOrHasTooManyPortsIsRefusedBeforeAnythingIsSent() throws Exception {
        open(Base.BASE_1_1);
        Port sameChain = new Port("et-0/0/7", "CA7", PORT.keyChain(), PORT.cipher());
        DriverException twice = assertThrows(DriverException.class, () -> driver.stage(List.of(new PortChange(PORT, twoFutureKeys()),
                new PortChange(sameChain, keys(CKN_3, CAK_3, Duration.ofHours(1))))));
        assertEquals(Kind.INVALID_REQUEST, twice.kind());
        assertTrue(twice.getMessage().contains("both name key chain QKD_CA1"), twice.getMessage());
        List<PortChange> many = new ArrayList<>();
        for (int i = 0; i < 65; i++) {
            many.add(new PortChange(new Port("et-1/0/" + i, "CA_" + i, "QKD_" + i, PORT.cipher()), KeyPlan.removing(List.of())));
        }
        DriverException tooMany = assertThrows(DriverException.class, () -> driver.stage(many));
        assertEquals(Kind.INVALID_REQUEST, tooMany.kind());
        assertTrue(tooMany.getMessage().contains("at most 64 ports"), tooMany.getMessage());
        assertEquals(Kind.INVALID_REQUEST, assertThrows(DriverException.class, () -> driver.stage(List.of())).kind());
        // a bad plan for the second port stops the change before the lock
        DriverException bad = assertThrows(DriverException.class, () -> driver.stage(List.of(new PortChange(PORT, twoFutureKeys()),
                new PortChange(PORT_2, keys("abc", CAK_3, Duration.ofHours(1))))));
        assertEquals(Kind.INVALID_REQUEST, bad.kind());
        try (Raw operator = raw()) {
            assertFalse(operator.rpc("<lock><target><candidate/></target></lock>").failed(), "never locked");
        }
    }

    @ParameterizedTest
    @EnumSource(Base.class)
    void twoLinksBetweenTwoRoutersRollOverHitlesslyWithOneCommitPerRouter(Base base) throws Exception {
        open(base);
        MkaLinkModel first = new MkaLinkModel(clock);
        MkaLinkModel second = new MkaLinkModel(clock);
        sim.attach(PORT.interfaceName(), first.a());
        sim.attach(PORT_2.interfaceName(), second.a());
        try (JunosSimulator r2 = JunosSimulator.builder().hostName("r2").user("lab", "lab123").clock(clock)
                .timeZone(java.time.ZoneId.of("America/New_York")).netconf11(base == Base.BASE_1_1)
                .initialConfiguration(twoPorts("2026-07-10.14:00:00")).start()) {
            r2.attach(PORT.interfaceName(), first.b());
            r2.attach(PORT_2.interfaceName(), second.b());
            DeviceTarget t2 = new DeviceTarget("r2", "junos", r2.host(), r2.port(), "lab",
                    Optional.of(Secret.copyOf("lab123".getBytes(StandardCharsets.UTF_8))), Optional.empty(),
                    HostKeyPolicy.fingerprint(r2.hostKeyFingerprint()), Optional.empty(), Map.of());
            try (JunosDriver d2 = (JunosDriver) new JunosDriverFactory(connector)
                    .open(t2, new DriverContext(clock, Duration.ofSeconds(20), Duration.ofSeconds(20)))) {
                clock.advance(Duration.ofSeconds(10)); // MKA comes up on the freshly joined links
                Instant from = clock.instant();
                for (JunosDriver d : List.of(driver, d2)) {
                    Candidate c = d.stage(both());
                    d.commit(c, Duration.ofMinutes(5));
                    d.confirm(c);
                }
                clock.advance(Duration.ofMinutes(61));
                assertEquals(CKN_1, primary(driver.readMka(PORT)));
                assertEquals(CKN_3, primary(d2.readMka(PORT_2)));
                clock.advance(Duration.ofMinutes(60));
                assertEquals(CKN_2, primary(d2.readMka(PORT)));
                assertEquals(CKN_4, primary(driver.readMka(PORT_2)));
                for (MkaLinkModel link : List.of(first, second)) {
                    assertTrue(link.outages(from, clock.instant()).hitless(), link.outages(from, clock.instant()).toString());
                    assertEquals(3, link.activeKeys(link.a().side(), from, clock.instant()).size(), link.toString());
                }
            }
        }
    }

    private static String primary(List<MkaSession> sessions) {
        return sessions.stream().filter(s -> s.role() == MkaSession.MkaRole.PRIMARY && s.secured()).map(MkaSession::ckn)
                .findFirst().orElse("none: " + sessions);
    }

    /** The RPCs the driver sent (redacted trace) while {@code work} ran. */
    static List<String> wire(Supplier<?> work) {
        Logger trace = (Logger) LoggerFactory.getLogger("org.qkdmacsec.driver.junos.trace");
        Level before = trace.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        trace.addAppender(appender);
        trace.setLevel(Level.DEBUG);
        try {
            work.get();
        } finally {
            trace.detachAppender(appender);
            trace.setLevel(before);
        }
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(" >>> ")).toList();
    }

    static long count(List<String> sent, String what) {
        return sent.stream().filter(m -> m.contains(what)).count();
    }
}
