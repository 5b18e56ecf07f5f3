package org.qkdmacsec.driver.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.spi.Activation;
import org.qkdmacsec.spi.Candidate;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.DeviceFacts;
import org.qkdmacsec.spi.DriverContext;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.KeyChainView;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.KeySlot;
import org.qkdmacsec.spi.MkaSession;
import org.qkdmacsec.spi.Port;
import org.qkdmacsec.spi.PortChange;
import org.qkdmacsec.spi.Secret;
import org.slf4j.LoggerFactory;

/**
 * The commands the driver generates, step by step through one rollover, against device output
 * captured from the kernel lab; and the rule that key material only ever travels on stdin.
 */
class LinuxMacsecDriverTest {
    static final String CK1 = "1f2e3d4c5b6a79880123456789abcdef0123456789abcdef0123456789abcdef";
    static final String CK2 = "a0b1c2d3e4f5061728394a5b6c7d8e9fa0b1c2d3e4f5061728394a5b6c7d8e9f";
    static final Sci SCI_A = Sci.parse("02000000000a0001");
    static final Sci SCI_B = Sci.parse("02000000000b0001");
    static final List<String> ARGV = List.of("ip", "-n", "a", "-j", "-d", "-s", "-batch", "-");
    static final Port PORT = new Port("va", "macsec0", "qkd", CipherSuite.GCM_AES_XPN_256);

    private ScriptedDevice dev;
    private LinuxMacsecDriver driver;
    private Secret cak;
    private ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void setUp() {
        dev = new ScriptedDevice();
        driver = new LinuxMacsecDriver("linux-a", new DriverContext(Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC),
                Duration.ofSeconds(5), Duration.ofSeconds(5)), new IpTool("linux-a", dev, "ip", Optional.of("a"), Duration.ofSeconds(5)));
        byte[] k = new byte[32];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (0xa0 + i);
        }
        cak = Secret.adopt(k);
        logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        ((Logger) LoggerFactory.getLogger("org.qkdmacsec")).setLevel(Level.DEBUG);
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        cak.close();
    }

    static Port withPeer(String nextAn, String record) {
        return PORT.withPeer(new LinuxPeer(Optional.of(SCI_B), Optional.of(Integer.parseInt(nextAn)), SlotRecord.parse(Optional.of(record))));
    }

    /** A peer known only by its SCI (and perhaps its next AN), as before it published a record. */
    static LinuxPeer peer(String sci, Optional<Integer> nextAn) {
        return new LinuxPeer(Optional.of(Sci.parse(sci)), nextAn, SlotRecord.empty());
    }

    static LinuxPeer published(KeyChainView v) {
        return (LinuxPeer) v.forPeer().orElseThrow();
    }

    KeyPlan add(String ckn) {
        return new KeyPlan(List.of(new KeyPlan.Add(ckn, cak, Instant.EPOCH, Optional.empty())), List.of(), List.of());
    }

    @Test
    void capabilitiesAreImmediateWithoutCommitConfirmed() {
        assertEquals(Activation.IMMEDIATE, driver.capabilities().activation());
        assertFalse(driver.capabilities().commitConfirmed());
        assertEquals(2, driver.capabilities().maxKeySlots());
    }

    @Test
    void aHostTakesOnePortPerChangeAndRefusesMoreBeforeAnythingRuns() {
        assertEquals(1, driver.capabilities().portsPerCommit());
        DriverException e = assertThrows(DriverException.class, () -> driver.stage(List.of(
                new PortChange(withPeer("0", "qkd-macsec kn=0 e=0"), add(CK1)),
                new PortChange(new Port("vb", "macsec1", "QKD", CipherSuite.GCM_AES_XPN_256), add(CK1)))));
        assertEquals(DriverException.Kind.UNSUPPORTED, e.kind());
        assertTrue(dev.calls.isEmpty(), "nothing ran");
    }

    @Test
    void firstKeyCreatesTheDeviceAndInstallsReceiveThenTransmit() {
        dev.prints("fresh.json");
        Candidate c = driver.stage(withPeer("0", "qkd-macsec kn=0 e=0"), add(CK1));
        assertEquals("""
                link add link va name macsec0 type macsec port 1 cipher gcm-aes-xpn-256 encrypt on send_sci on replay on window 64 validate strict
                macsec add macsec0 rx sci 02000000000b0001 on
                macsec add macsec0 rx sci 02000000000b0001 sa 0 xpn 1 salt <salt> ssci 2 on key 1f2e3d4c5b6a79880123456789abcdef <SAK an=0 kn=1>
                macsec add macsec0 tx sa 0 xpn 1 salt <salt> ssci 1 on key 1f2e3d4c5b6a79880123456789abcdef <SAK an=0 kn=1>
                link set dev macsec0 alias "qkd-macsec kn=1 e=0 0=%s/1"
                link set dev macsec0 up
                """.formatted(CK1), c.diff());
        assertEquals("linux-a", c.device());
        assertEquals(Instant.parse("2026-11-23T12:00:00Z"), c.stagedAt());

        dev.prints("fresh.json").prints("one-key.json");
        driver.commit(c, Duration.ZERO);
        assertTrue(dev.exhausted());
        try (SaKeys k = SaKeys.derive(cak, CK1, SCI_A, SCI_B, 1, CipherSuite.GCM_AES_XPN_256)) {
            String stdin = dev.last().stdinText();
            assertTrue(stdin.contains(" sa 0 xpn 1 salt " + hex(k.salt().orElseThrow()) + " ssci 2 on key "
                    + k.keyId() + " " + hex(k.sak()) + "\n"), "the real keys travel on stdin");
            assertTrue(stdin.endsWith("link show\nmacsec show\n"), "the commit reads back in the same run");
            assertKeyMaterialOnlyOnStdin(List.of(k.sak(), k.salt().orElseThrow(), cak), c);
        }
    }

    @Test
    void secondKeyGoesToTheNextAnWithTheNextKeyNumberOnTheAdoptedDevice() {
        dev.prints("one-key.json");
        Candidate c = driver.stage(withPeer("1", "qkd-macsec kn=1 e=0 0=" + CK1 + "/1"), add(CK2));
        assertEquals("""
                macsec add macsec0 rx sci 02000000000b0001 sa 1 xpn 1 salt <salt> ssci 2 on key a0b1c2d3e4f5061728394a5b6c7d8e9f <SAK an=1 kn=2>
                macsec add macsec0 tx sa 1 xpn 1 salt <salt> ssci 1 on key a0b1c2d3e4f5061728394a5b6c7d8e9f <SAK an=1 kn=2>
                link set dev macsec0 alias "qkd-macsec kn=2 e=0 0=%s/1 1=%s/2"
                """.formatted(CK1, CK2), c.diff());
        dev.prints("one-key.json").prints("installed.json");
        driver.commit(c, Duration.ZERO);
        driver.confirm(c);
        try (SaKeys k = SaKeys.derive(cak, CK2, SCI_A, SCI_B, 2, CipherSuite.GCM_AES_XPN_256)) {
            assertTrue(dev.last().stdinText().contains(hex(k.sak())));
            assertKeyMaterialOnlyOnStdin(List.of(k.sak(), k.salt().orElseThrow(), cak), c);
        }
    }

    @Test
    void theSecondEndMatchesTheKeyNumberAndAnThePeerAlreadyUsed() {
        dev.prints("one-key.json");
        // The peer committed first and has CK2 at AN 1 with KN 2 (its next-an has moved on to 2).
        Candidate c = driver.stage(withPeer("2", "qkd-macsec kn=2 e=0 0=" + CK1 + "/1 1=" + CK2 + "/2"), add(CK2));
        assertTrue(c.diff().contains("tx sa 1 xpn 1 salt <salt> ssci 1 on key a0b1c2d3e4f5061728394a5b6c7d8e9f <SAK an=1 kn=2>"),
                c.diff());
        driver.discard(c);
    }

    @Test
    void theEndsMustAgreeOnTheNextAn() {
        dev.prints("one-key.json");
        DriverException e = assertThrows(DriverException.class,
                () -> driver.stage(withPeer("2", "qkd-macsec kn=1 e=0 0=" + CK1 + "/1"), add(CK2)));
        assertEquals(DriverException.Kind.INVALID_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("disagree on the next association number (here 1, peer 2)"), e.getMessage());
    }

    @Test
    void activateSwitchesEncodingSaAndReadsItBack() {
        dev.prints("installed.json").prints("switched.json");
        driver.activate(withPeer("2", ""), CK2);
        assertEquals("link set dev macsec0 type macsec encodingsa 1\nlink show\nmacsec show\n", dev.last().stdinText());
        assertEquals(ARGV, dev.last().argv());
    }

    @Test
    void activateRefusesAKeyThatIsNotInstalled() {
        dev.prints("one-key.json");
        DriverException e = assertThrows(DriverException.class, () -> driver.activate(PORT, CK2));
        assertEquals(DriverException.Kind.INVALID_REQUEST, e.kind());
    }

    @Test
    void retiringTheOldKeySetsItsSasOffBeforeDeletingThem() {
        dev.prints("switched.json");
        Candidate c = driver.stage(PORT, KeyPlan.removing(List.of(CK1)));
        assertEquals("""
                macsec set macsec0 tx sa 0 off
                macsec del macsec0 tx sa 0
                macsec set macsec0 rx sci 02000000000b0001 sa 0 off
                macsec del macsec0 rx sci 02000000000b0001 sa 0
                link set dev macsec0 alias "qkd-macsec kn=2 e=0 1=%s/2"
                """.formatted(CK2), c.diff());
        dev.prints("switched.json").prints("retired.json");
        driver.commit(c, Duration.ZERO);
        assertEquals(1, dev.calls.stream().filter(x -> x.stdinText().contains(" del ")).count());
    }

    @Test
    void theKeyInUseForTransmitCannotBeRemoved() {
        dev.prints("switched.json");
        DriverException e = assertThrows(DriverException.class, () -> driver.stage(PORT, KeyPlan.removing(List.of(CK2))));
        assertEquals(DriverException.Kind.INVALID_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("transmits with it"), e.getMessage());
    }

    @Test
    void removingAKeyThatIsNotThereIsANoOp() {
        dev.prints("retired.json");
        Candidate c = driver.stage(PORT, KeyPlan.removing(List.of(CK1)));
        assertEquals("# " + CK1 + " is not installed: nothing to remove\n", c.diff());
        driver.commit(c, Duration.ZERO);
        assertEquals(1, dev.calls.size(), "nothing sent to the device");
    }

    @Test
    void readKeysReportsSlotsTheActiveKeyAndWhatThePeerNeeds() {
        dev.prints("switched.json");
        KeyChainView v = driver.readKeys(PORT);
        assertEquals(List.of(new KeySlot("0", CK1, Optional.empty(), Optional.empty()),
                new KeySlot("1", CK2, Optional.empty(), Optional.empty())), v.slots());
        assertEquals(Optional.of(CK2), v.activeSendCkn());
        assertEquals(Optional.of(CK2), v.activeReceiveCkn());
        assertEquals(Optional.of("macsec0"), v.boundCa());
        assertEquals(Optional.of(Sci.parse("02000000000a0001")), published(v).sci());
        assertEquals(Optional.of(2), published(v).nextAn());
        assertEquals("qkd-macsec kn=2 e=0 0=" + CK1 + "/1 1=" + CK2 + "/2", published(v).record().render());
    }

    @Test
    void aFreshDeviceHasNoKeysAndPublishesItsFutureSci() {
        dev.prints("fresh.json");
        KeyChainView v = driver.readKeys(PORT);
        assertTrue(v.slots().isEmpty());
        assertEquals(Optional.empty(), v.boundCa());
        assertEquals(Optional.of(Sci.parse("02000000000a0001")), published(v).sci());
        assertEquals(Optional.of(0), published(v).nextAn());
    }

    @Test
    void readMkaDuringARolloverShowsTheNewKeyPrimaryAndTheOldPreceding() {
        dev.prints("switched.json");
        List<MkaSession> s = driver.readMka(withPeer("2", ""));
        assertEquals(2, s.size());
        MkaSession old = s.get(0);
        MkaSession now = s.get(1);
        assertEquals(CK1, old.ckn());
        assertEquals(MkaSession.MkaRole.PRECEDING, old.role());
        assertEquals(CK2, now.ckn());
        assertEquals(MkaSession.MkaRole.PRIMARY, now.role());
        assertTrue(now.secured(), now.detail());
        assertEquals(1, now.livePeers());
        assertEquals(Optional.of(1), now.latestAn());
        assertTrue(now.detail().contains("receive errors 0 since this rollover began"), now.detail());
    }

    @Test
    void readMkaBeforeActivationMarksTheNewKeyInstalledNotTransmitting() {
        dev.prints("installed.json");
        List<MkaSession> s = driver.readMka(PORT);
        assertEquals(MkaSession.MkaRole.PRIMARY, s.get(0).role());
        assertEquals(MkaSession.MkaRole.UNKNOWN, s.get(1).role());
        assertTrue(s.get(1).detail().contains("installed, not yet transmitting"), s.get(1).detail());
    }

    @Test
    void readMkaReportsReceiveErrorsSinceTheLastRollover() {
        dev.prints("peer-lacks-rx-sa.json");
        List<MkaSession> s = driver.readMka(new Port("vb", "macsec0", "qkd", CipherSuite.GCM_AES_XPN_256));
        assertEquals(1, s.size());
        assertTrue(s.get(0).detail().contains("receive errors +5"), s.get(0).detail());
    }

    @Test
    void aFailedCommitNamesTheLineAndRemovesWhatItInstalled() {
        dev.prints("one-key.json");
        Candidate c = driver.stage(withPeer("1", "qkd-macsec kn=1 e=0 0=" + CK1 + "/1"), add(CK2));
        String stderr = IpStateTest.fixture("error-rx-sc-exists.txt").lines().skip(1).reduce("", (x, y) -> x + y + "\n");
        dev.prints("one-key.json").fails(1, stderr).prints("one-key.json").printsRaw("");
        DriverException e = assertThrows(DriverException.class, () -> driver.commit(c, Duration.ZERO));
        assertEquals(DriverException.Kind.COMMIT_FAILED, e.kind());
        assertTrue(e.getMessage().startsWith("linux-a: ip -batch failed at line 2 'macsec add macsec0 tx sa 1 xpn 1 salt <salt>"
                + " ssci 1 on key a0b1c2d3e4f5061728394a5b6c7d8e9f <SAK an=1 kn=2>': RTNETLINK answers: File exists;"
                + " the partly installed key was removed again"), e.getMessage());
        ScriptedDevice.Call cleanup = dev.last();
        assertEquals(List.of("ip", "-n", "a", "-j", "-d", "-s", "-force", "-batch", "-"), cleanup.argv());
        assertEquals("link set dev macsec0 alias \"qkd-macsec kn=1 e=0 0=" + CK1 + "/1\"\n", cleanup.stdinText());
        try (SaKeys k = SaKeys.derive(cak, CK2, SCI_A, SCI_B, 2, CipherSuite.GCM_AES_XPN_256)) {
            assertNoKeyMaterial(e.getMessage(), List.of(k.sak(), cak));
        }
    }

    @Test
    void aDeviceChangedSinceStagingIsNotCommittedOver() {
        dev.prints("one-key.json");
        Candidate c = driver.stage(withPeer("1", "qkd-macsec kn=1 e=0 0=" + CK1 + "/1"), add(CK2));
        dev.prints("switched.json");
        DriverException e = assertThrows(DriverException.class, () -> driver.commit(c, Duration.ZERO));
        assertEquals(DriverException.Kind.COMMIT_FAILED, e.kind());
        assertTrue(e.getMessage().contains("changed between stage and commit"), e.getMessage());
        assertTrue(dev.exhausted());
    }

    @Test
    void commitConfirmedIsNotOffered() {
        dev.prints("one-key.json");
        Candidate c = driver.stage(withPeer("1", "qkd-macsec kn=1 e=0 0=" + CK1 + "/1"), add(CK2));
        DriverException e = assertThrows(DriverException.class, () -> driver.commit(c, Duration.ofSeconds(30)));
        assertEquals(DriverException.Kind.UNSUPPORTED, e.kind());
    }

    @Test
    void discardingACommittedButUnactivatedKeyRemovesIt() {
        dev.prints("one-key.json");
        Candidate c = driver.stage(withPeer("1", "qkd-macsec kn=1 e=0 0=" + CK1 + "/1"), add(CK2));
        dev.prints("one-key.json").prints("installed.json");
        driver.commit(c, Duration.ZERO);
        dev.prints("installed.json").prints("installed.json").printsRaw("");
        driver.discard(c);
        assertEquals("""
                macsec set macsec0 tx sa 1 off
                macsec del macsec0 tx sa 1
                macsec set macsec0 rx sci 02000000000b0001 sa 1 off
                macsec del macsec0 rx sci 02000000000b0001 sa 1
                link set dev macsec0 alias "qkd-macsec kn=1 e=0 0=%s/1"
                """.formatted(CK1), dev.last().stdinText());
        assertTrue(dev.exhausted());
    }

    @Test
    void discardingAStagedCandidateTouchesNothing() {
        dev.prints("one-key.json");
        Candidate c = driver.stage(withPeer("1", "qkd-macsec kn=1 e=0 0=" + CK1 + "/1"), add(CK2));
        driver.discard(c);
        assertEquals(1, dev.calls.size());
        DriverException e = assertThrows(DriverException.class, () -> driver.commit(c, Duration.ZERO));
        assertEquals(DriverException.Kind.INVALID_REQUEST, e.kind());
    }

    @Test
    void anEmptyPlanCommitsWithoutTouchingTheDevice() {
        dev.prints("switched.json");
        Candidate c = driver.stage(PORT, new KeyPlan(List.of(), List.of(), List.of()));
        driver.commit(c, Duration.ZERO);
        assertEquals(1, dev.calls.size());
    }

    @Test
    void badRequestsAreRefusedWithTypedErrorsBeforeAnythingChanges() {
        assertInvalid(() -> driver.stage(PORT, add("XYZ")), "CKN must be lower-case hex");
        try (Secret short16 = Secret.copyOf(new byte[16])) {
            assertInvalid(() -> driver.stage(PORT, new KeyPlan(List.of(new KeyPlan.Add(CK1, short16, Instant.EPOCH, Optional.empty())),
                    List.of(), List.of())), "gcm-aes-xpn-256 needs 32");
        }
        assertInvalid(() -> driver.stage(PORT, new KeyPlan(List.of(), List.of(new KeyPlan.EndChange(CK1, Instant.EPOCH)), List.of())),
                "no lifetimes");
        assertInvalid(() -> driver.stage(new Port("bad name", "macsec0", "qkd", CipherSuite.GCM_AES_XPN_256), add(CK1)),
                "not a Linux interface name");
        assertTrue(dev.calls.isEmpty(), "nothing ran");

        dev.prints("fresh.json");
        assertInvalid(() -> driver.stage(PORT, add(CK1)), "peer's SCI is unknown");
        dev.prints("fresh.json");
        assertInvalid(() -> driver.stage(new Port("eth9", "macsec0", "qkd", CipherSuite.GCM_AES_XPN_256), add(CK1)),
                "interface 'eth9' does not exist in network namespace a");
        dev.prints("switched-plus-gcm128.json");
        assertInvalid(() -> driver.stage(new Port("va", "macsec1", "qkd", CipherSuite.GCM_AES_XPN_256).withPeer(peer("02000000000b0007", Optional.empty())),
                add(CK1)), "uses gcm-aes-128 but the link is gcm-aes-xpn-256");
        dev.prints("switched.json");
        assertInvalid(() -> driver.stage(PORT.withPeer(peer("02000000000a0001", Optional.empty())), add("abcd")), "equals this end's");
        dev.prints("switched.json");
        assertInvalid(() -> driver.stage(withPeer("2", ""), add("abcd")), "2 keys are already installed");
    }

    @Test
    void anAdoptedDeviceGetsOurProtectionPolicy() {
        dev.prints("switched-plus-gcm128.json");
        Candidate c = driver.stage(new Port("va", "macsec1", "qkd", CipherSuite.GCM_AES_128)
                .withPeer(peer("02000000000b0007", Optional.of(0))), new KeyPlan(List.of(
                new KeyPlan.Add("abcd", Secret.copyOf(new byte[16]), Instant.EPOCH, Optional.empty())), List.of(), List.of()));
        assertTrue(c.diff().startsWith("link set dev macsec1 type macsec encrypt on send_sci on replay on window 64 validate strict\n"
                + "macsec add macsec1 rx sci 02000000000b0007 on\n"
                + "macsec add macsec1 rx sci 02000000000b0007 sa 0 pn 1 on key abcd0000000000000000000000000000 <SAK an=0 kn=1>\n"
                + "macsec add macsec1 tx sa 0 pn 1 on key abcd0000000000000000000000000000 <SAK an=0 kn=1>\n"), c.diff());
        driver.discard(c);
    }

    @Test
    void theDescriptionGoesIntoTheMacsecDevicesAliasBesideTheKeyRecordInTheSameBatch() {
        dev.prints("fresh.json");
        Candidate c = driver.stage(withPeer("0", "qkd-macsec kn=0 e=0"), add(CK1).withDescription("qkd key_ID 5d2c-77 ckn 1f2e3d4c"));
        assertTrue(c.diff().contains("link set dev macsec0 alias \"qkd key_ID 5d2c-77 ckn 1f2e3d4c | qkd-macsec kn=1 e=0 0=" + CK1
                + "/1\"\n"), c.diff());
        driver.discard(c);
    }

    @Test
    void theDescriptionIsReadBackAndKeptWhenOnlyTheDescriptionChanges() {
        String described = IpStateTest.fixture("one-key.json").replace("\"ifalias\":\"qkd-macsec kn=1",
                "\"ifalias\":\"uplink to b | qkd-macsec kn=1");
        dev.printsRaw(described);
        KeyChainView v = driver.readKeys(PORT);
        assertEquals(Optional.of("uplink to b"), v.description());
        assertEquals(List.of(CK1), v.slots().stream().map(KeySlot::ckn).toList(), "the record still reads");
        assertEquals("qkd-macsec kn=1 e=0 0=" + CK1 + "/1", published(v).record().render(), "the peer sees the record alone");

        dev.printsRaw(described);
        Candidate c = driver.stage(PORT, KeyPlan.removing(List.of()).withDescription("qkd key_ID 9e01"));
        assertEquals("link set dev macsec0 alias \"qkd key_ID 9e01 | qkd-macsec kn=1 e=0 0=" + CK1 + "/1\"\n", c.diff());
        driver.discard(c);
        dev.printsRaw(described);
        assertEquals("", driver.stage(PORT, KeyPlan.removing(List.of()).withDescription("uplink to b")).diff(), "unchanged: nothing");
    }

    @Test
    void aDescriptionTheAliasCannotCarryIsRefused() {
        dev.prints("one-key.json").prints("one-key.json").prints("one-key.json");
        assertInvalid(() -> driver.stage(PORT, KeyPlan.removing(List.of()).withDescription("say \"hi\"")), "without quotes");
        assertInvalid(() -> driver.stage(PORT, KeyPlan.removing(List.of()).withDescription("a qkd-macsec b")), "without the word");
        assertInvalid(() -> driver.stage(PORT, KeyPlan.removing(List.of()).withDescription("x".repeat(200))), "has room for");
    }

    @Test
    void factsReadUnameAndTheClockEvenWithoutNanoseconds() {
        dev.printsRaw("kernel-lab\n6.1.0-56-amd64\nx86_64\n1795434985.%N\n+0000\nunknown\n");
        DeviceFacts f = driver.facts();
        assertEquals("kernel-lab", f.hostname());
        assertEquals("6.1.0-56-amd64", f.osVersion());
        assertEquals(Instant.ofEpochSecond(1795434985), f.deviceTime());
        assertEquals(ZoneOffset.UTC, f.timeZone());
        assertFalse(f.ntpSynchronized());
        assertEquals(List.of("sh", "-c"), dev.last().argv().subList(0, 2));
    }

    @Test
    void deviceErrorsAreScrubbedOfLongHex() {
        String k = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        assertEquals("Error: argument \"<hex>\" is wrong: invalid key", IpTool.scrub("Error: argument \"" + k + "\" is wrong: invalid key"));
    }

    // --- the secrets rule ---------------------------------------------------------------------------------------

    private void assertKeyMaterialOnlyOnStdin(List<Secret> secrets, Candidate c) {
        for (ScriptedDevice.Call call : dev.calls) {
            assertEquals(ARGV, call.argv(), "every program is ip -n a -j -d -s -batch -");
            assertNoKeyMaterial(String.join(" ", call.argv()), secrets);
        }
        assertNoKeyMaterial(c.diff(), secrets);
        assertNoKeyMaterial(c.toString(), secrets);
        List<String> logged = new ArrayList<>();
        logs.list.forEach(e -> logged.add(e.getFormattedMessage()));
        assertFalse(logged.isEmpty(), "the driver logged something to scan");
        assertNoKeyMaterial(String.join("\n", logged), secrets);
    }

    static void assertNoKeyMaterial(String text, List<Secret> secrets) {
        for (Secret s : secrets) {
            String hex = hex(s);
            byte[] raw = s.copyBytes();
            for (String form : List.of(hex, hex.toUpperCase(Locale.ROOT), Base64.getEncoder().encodeToString(raw),
                    Base64.getEncoder().withoutPadding().encodeToString(raw))) {
                assertFalse(text.contains(form), "key material leaked into: " + text);
            }
        }
    }

    static String hex(Secret s) {
        return new String(s.hexChars());
    }

    private static void assertInvalid(org.junit.jupiter.api.function.Executable call, String fragment) {
        DriverException e = assertThrows(DriverException.class, call);
        assertEquals(DriverException.Kind.INVALID_REQUEST, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().startsWith("linux-a: "), e.getMessage());
    }
}
