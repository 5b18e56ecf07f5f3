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
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.qkdmacsec.lab.models.JunosExtensionRules;
import org.qkdmacsec.lab.models.VendorModels;
import org.qkdmacsec.lab.models.VendorModels.Release;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.Port;
import org.qkdmacsec.spi.PortChange;
import org.qkdmacsec.spi.Secret;
import org.slf4j.LoggerFactory;

/**
 * Every {@code <load-configuration>} shape this driver can send, produced by the driver's own code
 * ({@link KeyChainChange#render}, which {@code stage} sends byte for byte, and the live driver's wire
 * trace), checked against Juniper's 24.4R1 models: yanglint plus the model's {@code junos:} pattern and
 * must statements. And what the models refuse, the driver refuses first (INVALID_REQUEST, nothing sent).
 */
class JunosPayloadModelTest extends SimulatorFixture {
    private static VendorModels models;
    private static JunosExtensionRules rules;
    private static final Port BOUND = KeyChainChangeTest.PORT;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @BeforeAll
    static void models() {
        models = VendorModels.locate();
        rules = JunosExtensionRules.read(models.models(Release.JUNOS_24_4R1));
    }

    private static PortConfig config(boolean ca, Optional<String> chain, Optional<String> mode, Optional<String> iface) {
        return new PortConfig(List.of(new PortConfig.Key(2, "b".repeat(64), Optional.of(Instant.parse("2026-07-10T18:47:00Z")))),
                ca, ca ? Optional.of("gcm-aes-xpn-256") : Optional.empty(), chain, mode, false, iface, Optional.of("to peer"));
    }

    private static String render(Port port, KeyPlan plan, PortConfig current) {
        PlanValidator.validate("r1", port, plan);
        return KeyChainChangeTest.render(KeyChainChange.of("r1", port, plan, current, BERLIN));
    }

    private static void assertModelAccepts(String shape, String payload) {
        VendorModels.Verdict v = models.check(Release.JUNOS_24_4R1, payload);
        assertTrue(v.accepted(), shape + ": " + v + "\n" + payload);
        assertEquals(List.of(), rules.violations(payload), shape);
    }

    private static boolean modelRefuses(String payload) {
        return !models.check(Release.JUNOS_24_4R1, payload).accepted() || !rules.violations(payload).isEmpty();
    }

    @Test
    void everyShapeTheDriverRendersIsAcceptedByJunipersModels() {
        PortConfig bound = config(true, Optional.of("QKD_CA1"), Optional.of("static-cak"), Optional.of("CA1"));
        KeyPlan rollover = KeyChainChangeTest.twoSlotPlan(List.of("b".repeat(64)));
        Map<String, Supplier<String>> shapes = new LinkedHashMap<>();
        shapes.put("add keys to a bound chain", () -> render(BOUND, KeyChainChangeTest.twoSlotPlan(List.of()), bound));
        shapes.put("add and remove keys", () -> render(BOUND, rollover, bound));
        shapes.put("remove keys", () -> render(BOUND, KeyPlan.removing(List.of("b".repeat(64))), bound));
        shapes.put("bind the key chain to the CA", () -> render(BOUND, KeyChainChangeTest.twoSlotPlan(List.of()),
                config(true, Optional.empty(), Optional.of("static-cak"), Optional.of("CA1"))));
        shapes.put("set the CA's security-mode", () -> render(BOUND, KeyChainChangeTest.twoSlotPlan(List.of()),
                config(true, Optional.of("QKD_CA1"), Optional.empty(), Optional.of("CA1"))));
        shapes.put("bind the interface to the CA", () -> render(BOUND, KeyChainChangeTest.twoSlotPlan(List.of()),
                config(true, Optional.of("QKD_CA1"), Optional.of("static-cak"), Optional.empty())));
        for (CipherSuite cipher : CipherSuite.values()) {
            Port port = new Port("et-0/0/0", "CA1", "QKD_CA1", cipher);
            shapes.put("create the CA (" + cipher.wireName() + ") with both bindings", () -> render(port, keysFor(cipher),
                    config(false, Optional.empty(), Optional.empty(), Optional.empty())));
        }
        shapes.put("the interface description alone", () -> render(BOUND, KeyPlan.removing(List.of()).withDescription(
                "qkd key_ID 6f1c2a9e-0b3d-4c5e-8f70-9a1b2c3d4e5f ckn c1c1c1c1 <&> \"quoted\""), bound));
        shapes.put("keys and the description in one change", () -> render(BOUND, rollover.withDescription("qkd key_ID 6f1c"), bound));
        // several ports in one <load-configuration> (stage(List<PortChange>)): each statement type once, an entry per port
        Port second = new Port("et-0/0/1", "CA2", "QKD_CA2", CipherSuite.GCM_AES_XPN_256);
        PortConfig secondBound = new PortConfig(List.of(new PortConfig.Key(0, "d".repeat(64), Optional.empty())), true,
                Optional.of("gcm-aes-xpn-256"), Optional.of("QKD_CA2"), Optional.of("static-cak"), false, Optional.of("CA2"),
                Optional.empty());
        shapes.put("two bound chains rolled over in one load, with both descriptions", () -> render(List.of(
                change(BOUND, KeyChainChangeTest.twoSlotPlan(List.of("b".repeat(64))).withDescription("qkd key_ID 6f1c"), bound),
                change(second, KeyChainChangeTest.twoSlotPlan(List.of("d".repeat(64))).withDescription("qkd key_ID 7a2d"),
                        secondBound))));
        Port fresh = new Port("et-0/0/2", "CA3", "QKD_CA3", CipherSuite.GCM_AES_256);
        shapes.put("a rollover, a fresh port's CA with both bindings, and a removal, in one load", () -> render(List.of(
                change(BOUND, rollover, bound),
                change(fresh, keysFor(CipherSuite.GCM_AES_256), config(false, Optional.empty(), Optional.empty(), Optional.empty())),
                change(second, KeyPlan.removing(List.of("d".repeat(64))), secondBound))));
        for (Map.Entry<String, Supplier<String>> s : shapes.entrySet()) {
            assertModelAccepts(s.getKey(), s.getValue().get());
        }
        assertEquals(14, shapes.size());
    }

    private static KeyChainChange change(Port port, KeyPlan plan, PortConfig current) {
        PlanValidator.validate("r1", port, plan);
        return KeyChainChange.of("r1", port, plan, current, BERLIN);
    }

    private static String render(List<KeyChainChange> changes) {
        try (WipeableBuffer b = new WipeableBuffer(64)) {
            KeyChainChange.render(changes, b);
            return utf8(b.toByteArray());
        }
    }

    private static KeyPlan keysFor(CipherSuite cipher) {
        byte[] cak = new byte[cipher.cakBytes()];
        cak[0] = 1;
        return new KeyPlan(List.of(new KeyPlan.Add("c1".repeat(32), Secret.copyOf(cak), Instant.parse("2026-07-10T19:47:00Z"),
                Optional.empty())), List.of(), List.of());
    }

    @Test
    void whatTheLiveDriverSendsIsAcceptedByJunipersModels() throws Exception {
        Logger trace = (Logger) LoggerFactory.getLogger("org.qkdmacsec.driver.junos.trace");
        Level before = trace.getLevel();
        ListAppender<ILoggingEvent> wire = new ListAppender<>();
        wire.start();
        trace.addAppender(wire);
        trace.setLevel(Level.DEBUG);
        try {
            open(Base.BASE_1_1);
            driver.commit(driver.stage(PORT, twoFutureKeys().withDescription("qkd key_ID 6f1c ckn c1c1")), Duration.ofMinutes(1));
            driver.commit(driver.stage(PORT, KeyPlan.removing(List.of(CKN_ACTIVE)).withDescription("qkd key_ID 7a2d")), Duration.ZERO);
            driver.commit(driver.stage(List.of(new PortChange(PORT, KeyPlan.removing(List.of(CKN_1)).withDescription("qkd key_ID 8b3e")),
                    new PortChange(new Port("et-0/0/1", "CA2", "QKD_CA2", PORT.cipher()), plan(CKN_ACTIVE).withDescription("qkd 2")))),
                    Duration.ZERO);
        } finally {
            trace.detachAppender(wire);
            trace.setLevel(before);
        }
        List<String> loads = new ArrayList<>();
        for (ILoggingEvent e : wire.list) {
            String m = e.getFormattedMessage();
            int a = m.indexOf("<load-configuration");
            if (m.contains(" >>> ") && a >= 0) {
                loads.add(m.substring(a, m.indexOf("</load-configuration>") + "</load-configuration>".length()));
            }
        }
        assertEquals(3, loads.size(), wire.list.toString());
        assertTrue(loads.get(2).contains("<name>QKD_CA1</name>") && loads.get(2).contains("<name>QKD_CA2</name>"), loads.get(2));
        for (String load : loads) {
            assertTrue(load.contains("<description>"), load);
            assertModelAccepts("sent on the wire", load);
        }
    }

    @Test
    void whatJunipersModelsRefuseTheDriverRefusesBeforeSending() throws Exception {
        open(Base.BASE_1_1);
        String good = render(BOUND, KeyChainChangeTest.twoSlotPlan(List.of()),
                config(true, Optional.of("QKD_CA1"), Optional.of("static-cak"), Optional.of("CA1")));
        String before = sim.committedConfigurationXml();
        // key id 64: the model's range is 0..63; the driver never takes an id past 63 (a full chain is refused)
        assertTrue(modelRefuses(good.replace("<key><name>0</name>", "<key><name>64</name>")));
        // CKN: odd length, over 64 digits, not hex
        for (String ckn : List.of("abc", "ab".repeat(33), "zz".repeat(32))) {
            assertTrue(modelRefuses(good.replace("c1".repeat(32), ckn)), ckn);
            assertRefused(() -> driver.stage(PORT, plan(ckn)), "must be an even number (2–64) of hex digits");
        }
        // key chain names: a space, 33 characters
        for (String chain : List.of("QKD CA1", "Q".repeat(33))) {
            assertTrue(modelRefuses(good.replace("<name>QKD_CA1</name>", "<name>" + chain + "</name>")), chain);
            Port p = new Port(PORT.interfaceName(), PORT.connectivityAssociation(), chain, PORT.cipher());
            assertRefused(() -> driver.stage(p, twoFutureKeys()), "Must be string of 32 characters or less with no spaces");
        }
        // a CA name of 33 characters
        String createCa = render(BOUND, KeyChainChangeTest.twoSlotPlan(List.of()),
                config(false, Optional.empty(), Optional.empty(), Optional.empty()));
        assertTrue(modelRefuses(createCa.replace("<name>CA1</name>", "<name>" + "C".repeat(33) + "</name>")));
        assertRefused(() -> driver.stage(new Port(PORT.interfaceName(), "C".repeat(33), PORT.keyChain(), PORT.cipher()),
                twoFutureKeys()), "length 1 .. 32");
        // pre-shared-key-chain on a CA in security-mode dynamic
        assertTrue(modelRefuses("<load-configuration><configuration><security><macsec><connectivity-association><name>CA1</name>"
                + "<security-mode>dynamic</security-mode><pre-shared-key-chain>QKD_CA1</pre-shared-key-chain>"
                + "</connectivity-association></macsec></security></configuration></load-configuration>"));
        try (Raw operator = raw()) {
            assertFalse(operator.rpc("<lock><target><candidate/></target></lock>").failed());
            assertFalse(operator.rpc("<load-configuration><configuration><security><macsec><connectivity-association>"
                    + "<name>CA9</name><cipher-suite>gcm-aes-xpn-256</cipher-suite><security-mode>dynamic</security-mode>"
                    + "</connectivity-association><interfaces><name>et-0/0/9</name><connectivity-association>CA9"
                    + "</connectivity-association></interfaces></macsec></security></configuration></load-configuration>").failed());
            assertFalse(operator.rpc("<commit-configuration/>").failed());
            assertFalse(operator.rpc("<unlock><target><candidate/></target></unlock>").failed());
        }
        String withDynamicCa = sim.committedConfigurationXml();
        assertRefused(() -> driver.stage(new Port("et-0/0/9", "CA9", "QKD_CA9", PORT.cipher()), twoFutureKeys()),
                "allowed only in static-cak mode");
        assertEquals(withDynamicCa, sim.committedConfigurationXml(), "nothing reached the router");
        assertFalse(before.equals(withDynamicCa));
        // not in the model: the CAK's length per cipher (the simulator's commit check refuses it) and the
        // description's bound (LLDP's 255 octets) — the driver refuses both before sending
        assertRefused(() -> driver.stage(new Port(PORT.interfaceName(), PORT.connectivityAssociation(), PORT.keyChain(),
                CipherSuite.GCM_AES_128), twoFutureKeys()), "needs 16 bytes");
        assertRefused(() -> driver.stage(PORT, KeyPlan.removing(List.of()).withDescription("x".repeat(256))), "1 to 255");
        assertTrue(sim.pendingRollbackDeadline().isEmpty());
    }

    private static KeyPlan plan(String ckn) {
        return new KeyPlan(List.of(new KeyPlan.Add(ckn, Secret.copyOf(CAK_1), T0.plus(Duration.ofHours(1)), Optional.empty())),
                List.of(), List.of());
    }

    private static void assertRefused(Executable call, String why) {
        DriverException e = assertThrows(DriverException.class, call);
        assertEquals(DriverException.Kind.INVALID_REQUEST, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
