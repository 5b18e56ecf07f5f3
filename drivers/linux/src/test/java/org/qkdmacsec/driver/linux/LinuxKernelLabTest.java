package org.qkdmacsec.driver.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.qkdmacsec.lab.kernel.KernelLab;
import org.qkdmacsec.lab.kernel.KernelLabConfig;
import org.qkdmacsec.lab.kernel.LabEndpoint;
import org.qkdmacsec.lab.kernel.PingResult;
import org.qkdmacsec.lab.kernel.WireCapture;
import org.qkdmacsec.spi.Candidate;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.DeviceFacts;
import org.qkdmacsec.spi.DeviceTarget;
import org.qkdmacsec.spi.DriverContext;
import org.qkdmacsec.spi.KeyChainView;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.MacsecDriver;
import org.qkdmacsec.spi.MacsecDriverFactory;
import org.qkdmacsec.spi.MkaSession;
import org.qkdmacsec.spi.Port;
import org.qkdmacsec.spi.Secret;

/**
 * The driver against a real Linux kernel (Debian's, under qemu): keys the link from nothing, carries
 * traffic, shows only MACsec on the wire, rolls the key 10 times under ping -i 0.01 without losing a
 * packet, and — the negative control — does lose packets when transmit switches before the peer can
 * receive. Each step runs in the order the rollover engine uses.
 */
@Tag("kernel-lab")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 540, unit = TimeUnit.SECONDS)
class LinuxKernelLabTest {
    private static final String PATTERN = "504c41494e544558545f4d4143534543"; // "PLAINTEXT_MACSEC"
    private static final CipherSuite CIPHER = CipherSuite.GCM_AES_XPN_256;
    private static final Duration OVERLAP = Duration.ofMillis(500);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static KernelLab lab;
    private static MacsecDriver a;
    private static MacsecDriver b;
    private static Port portA;
    private static Port portB;
    private static final List<String> report = new ArrayList<>();

    static Path cache() {
        return Path.of(System.getProperty("qkd.kernelLab.cache", Optional.ofNullable(System.getenv("QKD_KERNEL_LAB_CACHE"))
                .orElse("target/kernel-lab")));
    }

    @BeforeAll
    static void start() {
        // No macsec devices from the lab: the driver creates them on the first key.
        lab = KernelLab.start(KernelLabConfig.defaults(cache()).withMacsecCipher(Optional.empty()));
        report.add("lab: kernel " + lab.kernelVersion() + ", " + lab.accelerator() + ", SSH-ready in " + lab.bootTime().toMillis() + " ms");
        MacsecDriverFactory factory = ServiceLoader.load(MacsecDriverFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.vendor().equals("linux")).findFirst().orElseThrow();
        a = factory.open(target(lab.device("a")), DriverContext.defaults(Clock.systemUTC()));
        b = factory.open(target(lab.device("b")), DriverContext.defaults(Clock.systemUTC()));
        portA = new Port("va", "macsec0", "qkd", CIPHER);
        portB = new Port("vb", "macsec0", "qkd", CIPHER);
    }

    static DeviceTarget target(LabEndpoint e) {
        return new DeviceTarget(e.name(), "linux", e.host(), e.port(), e.username(), Optional.empty(), Optional.of(e.privateKey()),
                DeviceTarget.HostKeyPolicy.fingerprint(e.hostKeyFingerprint()), Optional.empty(), Map.of("netns", e.netns()));
    }

    @AfterAll
    static void stop() {
        try {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
        } finally {
            if (lab != null) {
                long pid = lab.qemuPid();
                lab.close();
                report.add("qemu " + pid + " alive after close: " + ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            }
            report.forEach(l -> System.out.println("[kernel-lab] " + l));
        }
    }

    // --- the engine's order ----------------------------------------------------------------------------------

    record Timing(long installMs, long switchMs, long retireMs) { }

    /** readKeys both → stage+commit A, B → confirm → activate A, B → verify → overlap → remove the old key. */
    static Timing rollover(String ckn, Secret cak) throws InterruptedException {
        KeyChainView va = a.readKeys(portA);
        KeyChainView vb = b.readKeys(portB);
        Port pa = portA.withPeer(vb.forPeer());
        Port pb = portB.withPeer(va.forPeer());
        Optional<String> old = va.activeSendCkn();
        assertEquals(old, vb.activeSendCkn(), "both ends send with the same key before the rollover");
        long t0 = System.nanoTime();
        KeyPlan plan = new KeyPlan(List.of(new KeyPlan.Add(ckn, cak, java.time.Instant.EPOCH, Optional.empty())), List.of(), List.of());
        Candidate ca = a.stage(pa, plan);
        a.commit(ca, Duration.ZERO);
        Candidate cb = b.stage(pb, plan);
        b.commit(cb, Duration.ZERO);
        a.confirm(ca);
        b.confirm(cb);
        long t1 = System.nanoTime();
        a.activate(pa, ckn);
        b.activate(pb, ckn);
        long t2 = System.nanoTime();
        for (MacsecDriver d : List.of(a, b)) {
            List<MkaSession> s = d.readMka(d == a ? pa : pb);
            assertTrue(s.stream().anyMatch(m -> m.ckn().equals(ckn) && m.secured() && m.role() == MkaSession.MkaRole.PRIMARY),
                    "new key secured and primary: " + s);
        }
        Thread.sleep(OVERLAP.toMillis());
        long t3 = System.nanoTime();
        if (old.isPresent()) {
            a.commit(a.stage(pa, KeyPlan.removing(List.of(old.get()))), Duration.ZERO);
            b.commit(b.stage(pb, KeyPlan.removing(List.of(old.get()))), Duration.ZERO);
        }
        long t4 = System.nanoTime();
        return new Timing((t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t4 - t3) / 1_000_000);
    }

    static String newCkn() throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(UUID.randomUUID().toString()
                .getBytes(StandardCharsets.US_ASCII)));
    }

    static Secret newCak() {
        byte[] k = new byte[CIPHER.cakBytes()];
        RANDOM.nextBytes(k);
        return Secret.adopt(k);
    }

    /** InPktsNotValid + InPktsNotUsingSA + InPktsUnusedSA over both ends, read by the lab's own shell. */
    static long errorCounters() {
        long sum = 0;
        for (LabEndpoint e : lab.devices()) {
            JsonNode devs = readJson("/usr/bin/ip -n " + e.netns() + " -j -s macsec show");
            for (JsonNode sc : devs.path(0).path("rx_sc")) {
                sum += sc.path("InPktsNotValid").asLong() + sc.path("InPktsNotUsingSA").asLong() + sc.path("InPktsUnusedSA").asLong();
            }
        }
        return sum;
    }

    static long counter(LabEndpoint e, String name) {
        long sum = 0;
        for (JsonNode sc : readJson("/usr/bin/ip -n " + e.netns() + " -j -s macsec show").path(0).path("rx_sc")) {
            sum += sc.path(name).asLong();
        }
        return sum;
    }

    static JsonNode readJson(String cmd) {
        try {
            return JSON.readTree(lab.exec(cmd, Duration.ofSeconds(30)).stdoutText());
        } catch (Exception e) {
            throw new AssertionError(cmd + ": " + e.getMessage(), e);
        }
    }

    // --- tests -------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void firstKeyCreatesTheMacsecDevicesAndCarriesTraffic() throws Exception {
        DeviceFacts f = a.facts();
        assertEquals("linux", f.vendor());
        report.add("facts: " + f.hostname() + " " + f.osVersion() + " " + f.model() + ", clock offset " + f.clockOffset().toMillis() + " ms");
        assertTrue(a.readKeys(portA).slots().isEmpty(), "fresh lab: no keys");

        try (Secret cak = newCak()) {
            Timing t = rollover(newCkn(), cak);
            report.add("bootstrap key: install " + t.installMs() + " ms, switch " + t.switchMs() + " ms");
        }
        for (LabEndpoint e : lab.devices()) {
            assertTrue(lab.exec("/usr/bin/ip -n " + e.netns() + " addr add " + e.address() + " dev macsec0", Duration.ofSeconds(20)).ok());
            JsonNode link = readJson("/usr/bin/ip -n " + e.netns() + " -j -d link show macsec0").path(0);
            JsonNode info = link.path("linkinfo").path("info_data");
            assertEquals("GCM-AES-XPN-256", info.path("cipher_suite").asText());
            assertTrue(info.path("encrypt").asBoolean() && info.path("replay_protect").asBoolean());
            assertEquals("strict", info.path("validation").asText());
            assertTrue(info.path("window").asLong() > 0);
        }
        PingResult p = lab.ping(lab.device("a"), 20, Duration.ofMillis(50), PATTERN).get(120, TimeUnit.SECONDS);
        report.add("first traffic: " + p.transmitted() + " sent, " + p.received() + " received");
        assertEquals(20, p.received(), p.output());

        // the interface description is the MACsec device's alias, ahead of the driver's key record
        a.commit(a.stage(portA, KeyPlan.removing(List.of()).withDescription("qkd key_ID 5d2c77 ckn test")), Duration.ZERO);
        assertEquals(Optional.of("qkd key_ID 5d2c77 ckn test"), a.readKeys(portA).description());
        String alias = readJson("/usr/bin/ip -n " + lab.device("a").netns() + " -j -d link show macsec0").path(0).path("ifalias").asText();
        assertTrue(alias.startsWith("qkd key_ID 5d2c77 ckn test | qkd-macsec kn="), alias);
        assertEquals(1, a.readKeys(portA).slots().size(), "the key record reads as before");
    }

    @Test
    @Order(2)
    void theWireCarriesOnlyMacsecFramesAndNeverThePlaintext() {
        byte[] pattern = HexFormat.of().parseHex(PATTERN);
        Runnable pings = () -> lab.ping(lab.device("a"), 10, Duration.ofMillis(100), PATTERN).join();
        WireCapture wire = lab.capture(lab.device("b"), "vb", 20, Duration.ofSeconds(30), pings);
        report.add("wire (vb): " + wire.frames().size() + " frames, ethertypes " + hexKeys(wire.etherTypes())
                + ", plaintext pattern in " + wire.framesContaining(pattern) + " frames");
        assertEquals(20, wire.frames().size());
        assertEquals(Map.of(0x88e5, 20L), wire.etherTypes());
        assertEquals(0, wire.framesContaining(pattern));
        // Control: on the decrypted side the pattern is there, so the wire check could have seen it.
        WireCapture clear = lab.capture(lab.device("b"), "macsec0", 10, Duration.ofSeconds(30), pings);
        report.add("control (macsec0, decrypted): pattern in " + clear.framesContaining(pattern) + " of " + clear.frames().size() + " frames");
        assertTrue(clear.framesContaining(pattern) > 0);
    }

    @Test
    @Order(3)
    void tenRolloversUnderPingLoseNoPacket() throws Exception {
        // Pings of a fixed count run back to back; a rollover counts only if one ping ran from before
        // it began until after it ended (TCG's speed varies with the host's load, so no single count
        // can be sized to outlast ten rollovers without wasting minutes).
        long errorsBefore = errorCounters();
        List<PingResult> pings = new ArrayList<>();
        CompletableFuture<PingResult> ping = startPing();
        int covered = 0;
        int attempts = 0;
        while (covered < 10) {
            assertTrue(++attempts <= 20, "too many rollovers straddled a ping boundary");
            if (ping.isDone()) {
                pings.add(ping.join());
                ping = startPing();
            }
            try (Secret cak = newCak()) {
                Timing t = rollover(newCkn(), cak);
                int an = Integer.parseInt(a.readKeys(portA).slots().get(0).slotId());
                boolean underTraffic = !ping.isDone();
                covered += underTraffic ? 1 : 0;
                report.add(String.format("rollover %2d -> AN %d: install %4d ms, switch %4d ms, retire %4d ms%s", attempts, an,
                        t.installMs(), t.switchMs(), t.retireMs(), underTraffic ? "" : " (a ping ended during it: not counted)"));
            }
        }
        pings.add(ping.get(300, TimeUnit.SECONDS));
        long sent = pings.stream().mapToLong(PingResult::transmitted).sum();
        long received = pings.stream().mapToLong(PingResult::received).sum();
        long errorsAfter = errorCounters();
        report.add(covered + " rollovers (of " + attempts + ") under ping -i 0.01, " + pings.size() + " ping run(s): " + sent
                + " sent, " + received + " received, " + (sent - received) + " lost;"
                + " InPktsNotValid+InPktsNotUsingSA+InPktsUnusedSA +" + (errorsAfter - errorsBefore));
        assertEquals(sent, received, pings.toString());
        assertEquals(errorsBefore, errorsAfter, "receive error counters rose");
        assertEquals(1, a.readKeys(portA).slots().size(), "old keys retired");
        assertEquals(1, b.readKeys(portB).slots().size(), "old keys retired");
    }

    /** 2000 pings every 10 ms (about 20–35 s in the guest), started after the previous run ended. */
    private static CompletableFuture<PingResult> startPing() throws InterruptedException {
        CompletableFuture<PingResult> p = lab.ping(lab.device("a"), 2000, Duration.ofMillis(10), PATTERN);
        Thread.sleep(1000);
        return p;
    }

    @Test
    @Order(4)
    void negativeControlSwitchingBeforeThePeerCanReceiveLosesPackets() throws Exception {
        LabEndpoint eb = lab.device("b");
        long notUsingSaBefore = counter(eb, "InPktsNotUsingSA");
        KeyChainView va = a.readKeys(portA);
        KeyChainView vb = b.readKeys(portB);
        Port pa = portA.withPeer(vb.forPeer());
        String old = va.activeSendCkn().orElseThrow();
        String bad = newCkn();
        CompletableFuture<PingResult> ping = lab.ping(lab.device("a"), 300, Duration.ofMillis(10), PATTERN);
        Thread.sleep(1000);
        try (Secret cak = newCak()) {
            // Only A installs and switches: B has no receive SA for the new key.
            a.commit(a.stage(pa, new KeyPlan(List.of(new KeyPlan.Add(bad, cak, java.time.Instant.EPOCH, Optional.empty())),
                    List.of(), List.of())), Duration.ZERO);
        }
        a.activate(pa, bad);
        Thread.sleep(1000);
        a.activate(pa, old);
        a.commit(a.stage(pa, KeyPlan.removing(List.of(bad))), Duration.ZERO);
        PingResult p = ping.get(120, TimeUnit.SECONDS);
        long notUsingSa = counter(eb, "InPktsNotUsingSA") - notUsingSaBefore;
        report.add("negative control (A switched ~1 s before B could receive): " + p.transmitted() + " sent, " + p.received()
                + " received, " + p.lost() + " lost; B InPktsNotUsingSA +" + notUsingSa);
        assertTrue(p.lost() > 0, "the negative control lost nothing: the loss check cannot fail");
        assertTrue(notUsingSa > 0);
        // The link is whole again on the old key.
        assertEquals(10, lab.ping(lab.device("a"), 10, Duration.ofMillis(50), PATTERN).get(60, TimeUnit.SECONDS).received());
    }

    private static String hexKeys(Map<Integer, Long> m) {
        StringBuilder b = new StringBuilder("{");
        m.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append(String.format("0x%04x=%d", k, v)));
        return b.append('}').toString();
    }
}
