package org.qkdmacsec.driver.junos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.Port;
import org.qkdmacsec.spi.Secret;

/** The exact XML pushed for a two-slot rollover, and the refusals that happen before anything is sent. */
class KeyChainChangeTest {
    static final Port PORT = new Port("et-0/0/0", "CA1", "QKD_CA1", CipherSuite.GCM_AES_XPN_256);
    static final String CKN_OLD = "a".repeat(64);
    static final String CKN_ACTIVE = "b".repeat(64);
    static final String CKN_1 = "c1".repeat(32);
    static final String CKN_2 = "c2".repeat(32);
    static final byte[] CAK_1 = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    static final byte[] CAK_2 = HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100");

    static PortConfig bound(List<PortConfig.Key> keys) {
        return new PortConfig(keys, true, Optional.of("gcm-aes-xpn-256"), Optional.of("QKD_CA1"), Optional.of("static-cak"),
                false, Optional.of("CA1"), Optional.empty());
    }

    static KeyPlan twoSlotPlan(List<String> removes) {
        return new KeyPlan(List.of(
                new KeyPlan.Add(CKN_1, Secret.copyOf(CAK_1), Instant.parse("2026-07-10T19:47:00Z"), Optional.empty()),
                new KeyPlan.Add(CKN_2, Secret.copyOf(CAK_2), Instant.parse("2026-07-10T20:47:00Z"), Optional.empty())),
                List.of(), removes.stream().map(KeyPlan.Remove::new).toList());
    }

    static String render(KeyChainChange c) {
        try (WipeableBuffer b = new WipeableBuffer(64)) {
            c.render(b);
            return new String(b.toByteArray(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void twoSlotRolloverTakesTheLowestFreeIdsAndDeletesOnlyTheNamedKey() {
        PortConfig current = bound(List.of(
                new PortConfig.Key(0, CKN_OLD, Optional.of(Instant.parse("2026-07-09T19:47:00Z"))),
                new PortConfig.Key(2, CKN_ACTIVE, Optional.of(Instant.parse("2026-07-10T18:47:00Z")))));
        KeyPlan plan = twoSlotPlan(List.of(CKN_OLD));
        PlanValidator.validate("r1", PORT, plan);
        KeyChainChange c = KeyChainChange.of("r1", PORT, plan, current, ZoneId.of("Europe/Berlin"));
        assertEquals("<load-configuration action=\"merge\" format=\"xml\"><configuration><security>"
                + "<authentication-key-chains><key-chain><name>QKD_CA1</name>"
                + "<key delete=\"delete\"><name>0</name></key>"
                + "<key><name>1</name><secret>00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff</secret>"
                + "<key-name>" + CKN_1 + "</key-name><start-time>2026-07-10.21:47:00</start-time></key>"
                + "<key><name>3</name><secret>ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100</secret>"
                + "<key-name>" + CKN_2 + "</key-name><start-time>2026-07-10.22:47:00</start-time></key>"
                + "</key-chain></authentication-key-chains></security></configuration></load-configuration>", render(c));
        String summary = c.summary();
        assertEquals("add key 1 ckn " + CKN_1 + " start 2026-07-10.21:47:00, add key 3 ckn " + CKN_2
                + " start 2026-07-10.22:47:00, delete key 0 ckn " + CKN_OLD, summary);
    }

    @Test
    void createsTheCaAndBothBindingsWhenMissing() {
        PortConfig empty = new PortConfig(List.of(), false, Optional.empty(), Optional.empty(), Optional.empty(), false,
                Optional.empty(), Optional.empty());
        String xml = render(KeyChainChange.of("r1", PORT, twoSlotPlan(List.of()), empty, ZoneOffset.UTC));
        assertTrue(xml.endsWith("</key-chain></authentication-key-chains><macsec><connectivity-association><name>CA1</name>"
                + "<cipher-suite>gcm-aes-xpn-256</cipher-suite><security-mode>static-cak</security-mode>"
                + "<pre-shared-key-chain>QKD_CA1</pre-shared-key-chain></connectivity-association>"
                + "<interfaces><name>et-0/0/0</name><connectivity-association>CA1</connectivity-association></interfaces>"
                + "</macsec></security></configuration></load-configuration>"), xml);
        assertTrue(xml.contains("<key><name>0</name>") && xml.contains("<key><name>1</name>"), xml);
    }

    @Test
    void theDescriptionTravelsInTheSameLoadAsTheKeys() {
        KeyPlan plan = twoSlotPlan(List.of()).withDescription("qkd key_ID 6f1c<&> ckn c1c1");
        PlanValidator.validate("r1", PORT, plan);
        String xml = render(KeyChainChange.of("r1", PORT, plan, bound(List.of()), ZoneOffset.UTC));
        assertTrue(xml.startsWith("<load-configuration action=\"merge\" format=\"xml\"><configuration><interfaces><interface>"
                + "<name>et-0/0/0</name><description>qkd key_ID 6f1c&lt;&amp;&gt; ckn c1c1</description></interface></interfaces>"
                + "<security><authentication-key-chains>"), xml);
        // the same text as committed: nothing to write
        PortConfig same = new PortConfig(List.of(), true, Optional.of("gcm-aes-xpn-256"), Optional.of("QKD_CA1"),
                Optional.of("static-cak"), false, Optional.of("CA1"), Optional.of("qkd key_ID 6f1c"));
        assertTrue(KeyChainChange.of("r1", PORT, new KeyPlan(List.of(), List.of(), List.of()).withDescription("qkd key_ID 6f1c"),
                same, ZoneOffset.UTC).isEmpty());
        String only = render(KeyChainChange.of("r1", PORT, new KeyPlan(List.of(), List.of(), List.of()).withDescription("x"),
                same, ZoneOffset.UTC));
        assertEquals("<load-configuration action=\"merge\" format=\"xml\"><configuration><interfaces><interface>"
                + "<name>et-0/0/0</name><description>x</description></interface></interfaces></configuration></load-configuration>", only);
    }

    @Test
    void severalPortsGoInOneLoadWithEachStatementTypeOnceAndAnEntryPerPort() {
        Port two = new Port("et-0/0/1", "CA2", "QKD_CA2", CipherSuite.GCM_AES_XPN_256);
        PortConfig empty = new PortConfig(List.of(), false, Optional.empty(), Optional.empty(), Optional.empty(), false,
                Optional.empty(), Optional.empty());
        KeyPlan first = new KeyPlan(List.of(new KeyPlan.Add(CKN_1, Secret.copyOf(CAK_1), Instant.parse("2026-07-10T19:47:00Z"),
                Optional.empty())), List.of(), List.of(new KeyPlan.Remove(CKN_OLD))).withDescription("one");
        KeyPlan second = new KeyPlan(List.of(new KeyPlan.Add(CKN_2, Secret.copyOf(CAK_2), Instant.parse("2026-07-10T19:47:00Z"),
                Optional.empty())), List.of(), List.of()).withDescription("two");
        List<KeyChainChange> changes = List.of(
                KeyChainChange.of("r1", PORT, first, bound(List.of(new PortConfig.Key(4, CKN_OLD, Optional.empty()))), ZoneOffset.UTC),
                KeyChainChange.of("r1", two, second, empty, ZoneOffset.UTC));
        String xml;
        try (WipeableBuffer b = new WipeableBuffer(64)) {
            KeyChainChange.render(changes, b);
            xml = new String(b.toByteArray(), StandardCharsets.UTF_8);
        }
        assertEquals("<load-configuration action=\"merge\" format=\"xml\"><configuration><interfaces>"
                + "<interface><name>et-0/0/0</name><description>one</description></interface>"
                + "<interface><name>et-0/0/1</name><description>two</description></interface></interfaces>"
                + "<security><authentication-key-chains>"
                + "<key-chain><name>QKD_CA1</name><key delete=\"delete\"><name>4</name></key><key><name>0</name><secret>"
                + HexFormat.of().formatHex(CAK_1) + "</secret><key-name>" + CKN_1 + "</key-name><start-time>2026-07-10.19:47:00"
                + "</start-time></key></key-chain>"
                + "<key-chain><name>QKD_CA2</name><key><name>0</name><secret>" + HexFormat.of().formatHex(CAK_2) + "</secret>"
                + "<key-name>" + CKN_2 + "</key-name><start-time>2026-07-10.19:47:00</start-time></key></key-chain>"
                + "</authentication-key-chains><macsec><connectivity-association><name>CA2</name>"
                + "<cipher-suite>gcm-aes-xpn-256</cipher-suite><security-mode>static-cak</security-mode>"
                + "<pre-shared-key-chain>QKD_CA2</pre-shared-key-chain></connectivity-association>"
                + "<interfaces><name>et-0/0/1</name><connectivity-association>CA2</connectivity-association></interfaces>"
                + "</macsec></security></configuration></load-configuration>", xml);
        assertEquals("the change to key chains QKD_CA1, QKD_CA2 (2 ports, one candidate)", PortBatch.describe(changes));
        // docs/drivers/junos.md: "under 1 KB a port" (PortBatch.MAX_PORTS); 1,271 bytes here
        assertTrue(xml.length() < 2 * 1024, xml.length() + " bytes");
    }

    @Test
    void refusesToAddAKeyChainToACaInDynamicMode() {
        PortConfig dynamic = new PortConfig(List.of(), true, Optional.of("gcm-aes-xpn-256"), Optional.empty(),
                Optional.of("dynamic"), false, Optional.of("CA1"), Optional.empty());
        assertInvalid("security-mode dynamic; a pre-shared-key-chain is allowed only in static-cak mode",
                () -> KeyChainChange.of("r1", PORT, twoSlotPlan(List.of()), dynamic, ZoneOffset.UTC));
    }

    @Test
    void removingAKeyThatIsGoneIsANoOp() {
        KeyChainChange c = KeyChainChange.of("r1", PORT, KeyPlan.removing(List.of(CKN_OLD)), bound(List.of()), ZoneOffset.UTC);
        assertTrue(c.isEmpty());
        assertEquals(List.of(CKN_OLD), c.absent());
    }

    @Test
    void refusesBindingsThatPointElsewhere() {
        PortConfig otherCa = new PortConfig(List.of(), true, Optional.of("gcm-aes-xpn-256"), Optional.of("QKD_CA1"),
                Optional.empty(), false, Optional.of("CA9"), Optional.empty());
        assertInvalid("bound to connectivity-association CA9", () -> KeyChainChange.of("r1", PORT, twoSlotPlan(List.of()), otherCa, ZoneOffset.UTC));
        PortConfig otherChain = new PortConfig(List.of(), true, Optional.of("gcm-aes-xpn-256"), Optional.of("OTHER"),
                Optional.empty(), false, Optional.of("CA1"), Optional.empty());
        assertInvalid("uses key chain OTHER", () -> KeyChainChange.of("r1", PORT, twoSlotPlan(List.of()), otherChain, ZoneOffset.UTC));
        PortConfig defaultCipher = new PortConfig(List.of(), true, Optional.empty(), Optional.of("QKD_CA1"),
                Optional.empty(), false, Optional.of("CA1"), Optional.empty());
        assertInvalid("gcm-aes-128 (the Junos default)", () -> KeyChainChange.of("r1", PORT, twoSlotPlan(List.of()), defaultCipher, ZoneOffset.UTC));
        PortConfig staticKey = new PortConfig(List.of(), true, Optional.of("gcm-aes-xpn-256"), Optional.empty(),
                Optional.empty(), true, Optional.of("CA1"), Optional.empty());
        assertInvalid("static pre-shared-key", () -> KeyChainChange.of("r1", PORT, twoSlotPlan(List.of()), staticKey, ZoneOffset.UTC));
    }

    @Test
    void refusesAFullChainAndADuplicateCkn() {
        List<PortConfig.Key> full = new ArrayList<>();
        for (int i = 0; i <= 63; i++) {
            full.add(new PortConfig.Key(i, String.format("%064x", i), Optional.empty()));
        }
        assertInvalid("no free key id", () -> KeyChainChange.of("r1", PORT, twoSlotPlan(List.of()), bound(full), ZoneOffset.UTC));
        PortConfig dup = bound(List.of(new PortConfig.Key(5, CKN_1, Optional.empty())));
        assertInvalid("already holds CKN " + CKN_1 + " as key 5", () -> KeyChainChange.of("r1", PORT, twoSlotPlan(List.of()), dup, ZoneOffset.UTC));
    }

    @Test
    void refusesAStartTimeInTheRepeatedHour() {
        KeyPlan p = new KeyPlan(List.of(new KeyPlan.Add(CKN_1, Secret.copyOf(CAK_1), Instant.parse("2026-10-25T00:30:00Z"),
                Optional.empty())), List.of(), List.of());
        assertInvalid("occurs twice", () -> KeyChainChange.of("r1", PORT, p, bound(List.of()), ZoneId.of("Europe/Berlin")));
    }

    @Test
    void validatorRefusesBadCknsAndCakLengthsWithoutEchoingTheCak() {
        String cakHex = HexFormat.of().formatHex(CAK_1);
        Port aes128 = new Port("et-0/0/0", "CA1", "QKD_CA1", CipherSuite.GCM_AES_128);
        DriverException e = assertInvalid("is 32 bytes; cipher gcm-aes-128 on et-0/0/0 needs 16 bytes (32 hex digits)",
                () -> PlanValidator.validate("r1", aes128, twoSlotPlan(List.of())));
        assertFalse(e.getMessage().toLowerCase().contains(cakHex));
        for (String bad : new String[] {"abc", "a".repeat(66), "zz", ""}) {
            KeyPlan p = new KeyPlan(List.of(new KeyPlan.Add(bad, Secret.copyOf(CAK_1), Instant.EPOCH, Optional.empty())),
                    List.of(), List.of());
            assertInvalid("must be an even number (2–64) of hex digits", () -> PlanValidator.validate("r1", PORT, p));
        }
        KeyPlan withEnd = new KeyPlan(List.of(new KeyPlan.Add(CKN_1, Secret.copyOf(CAK_1), Instant.EPOCH,
                Optional.of(Instant.EPOCH))), List.of(), List.of());
        assertInvalid("has an end-time", () -> PlanValidator.validate("r1", PORT, withEnd));
        assertInvalid("both adds and removes", () -> PlanValidator.validate("r1", PORT, twoSlotPlan(List.of(CKN_2))));
        Secret closed = Secret.copyOf(CAK_1);
        closed.close();
        KeyPlan wiped = new KeyPlan(List.of(new KeyPlan.Add(CKN_1, closed, Instant.EPOCH, Optional.empty())), List.of(), List.of());
        assertInvalid("already wiped", () -> PlanValidator.validate("r1", PORT, wiped));
        var ends = assertThrows(DriverException.class, () -> PlanValidator.validate("r1", PORT,
                new KeyPlan(List.of(), List.of(new KeyPlan.EndChange(CKN_1, Instant.EPOCH)), List.of())));
        assertEquals(DriverException.Kind.UNSUPPORTED, ends.kind());
    }

    private static DriverException assertInvalid(String fragment, org.junit.jupiter.api.function.Executable x) {
        DriverException e = assertThrows(DriverException.class, x);
        assertEquals(DriverException.Kind.INVALID_REQUEST, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().startsWith("r1: "), e.getMessage());
        return e;
    }
}
