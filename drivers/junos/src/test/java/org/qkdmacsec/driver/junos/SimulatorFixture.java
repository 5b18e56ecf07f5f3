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
import org.qkdmacsec.spi.Port;
import org.qkdmacsec.spi.Secret;

/** A Junos simulator on loopback with a ManualClock, and a driver connected to it. */
abstract class SimulatorFixture {
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static final Instant T0 = Instant.parse("2026-07-10T18:00:00Z");
    static final Port PORT = new Port("et-0/0/0", "CA1", "QKD_CA1", CipherSuite.GCM_AES_XPN_256);
    static final String CKN_ACTIVE = "ab".repeat(32);
    static final String CAK_ACTIVE = "0f".repeat(32);
    static final String CKN_1 = "c1".repeat(32);
    static final String CKN_2 = "c2".repeat(32);
    static final byte[] CAK_1 = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    static final byte[] CAK_2 = HexFormat.of().parseHex("8899aabbccddeeff00112233445566778899aabbccddeeff0011223344556677");

    /** Negotiated framing for a test run: the simulator decides by what it advertises. */
    enum Base { BASE_1_0, BASE_1_1 }

    static SshConnector connector;
    ManualClock clock;
    JunosSimulator sim;
    JunosDriver driver;

    @TempDir
    Path dir;

    @BeforeAll
    static void startConnector() {
        connector = SshConnector.start(Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopConnector() {
        connector.close();
    }

    @AfterEach
    void stop() throws Exception {
        if (driver != null) {
            driver.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    static String initialConfiguration() {
        return "<configuration><security><authentication-key-chains><key-chain><name>QKD_CA1</name>"
                + "<key><name>0</name><secret>" + CAK_ACTIVE + "</secret><key-name>" + CKN_ACTIVE + "</key-name>"
                + "<start-time>2026-07-10.20:00:00</start-time></key></key-chain></authentication-key-chains>"
                + "<macsec><connectivity-association><name>CA1</name><cipher-suite>gcm-aes-xpn-256</cipher-suite>"
                + "<security-mode>static-cak</security-mode><pre-shared-key-chain>QKD_CA1</pre-shared-key-chain>"
                + "</connectivity-association><interfaces><name>et-0/0/0</name><connectivity-association>CA1"
                + "</connectivity-association></interfaces></macsec></security></configuration>";
    }

    /** The configuration the simulator starts with; a test class may start from another. */
    String configuration() {
        return initialConfiguration();
    }

    JunosSimulator startSim(Base base) throws Exception {
        clock = clock == null ? new ManualClock(T0) : clock;
        sim = JunosSimulator.builder().hostName("r1").user("lab", "lab123").clock(clock).timeZone(ZONE)
                .netconf11(base == Base.BASE_1_1).initialConfiguration(configuration()).start();
        return sim;
    }

    DeviceTarget target(HostKeyPolicy pin) {
        return new DeviceTarget("r1", "junos", sim.host(), sim.port(), "lab",
                Optional.of(Secret.copyOf("lab123".getBytes(StandardCharsets.UTF_8))), Optional.empty(), pin,
                Optional.empty(), Map.of("lock-wait", "1")); // a lock held by another session: fail after 1 s, not 10
    }

    JunosDriver open(Base base, Duration rpcTimeout) throws Exception {
        startSim(base);
        DriverContext ctx = new DriverContext(clock, Duration.ofSeconds(20), rpcTimeout);
        driver = (JunosDriver) new JunosDriverFactory(connector)
                .open(target(HostKeyPolicy.fingerprint(sim.hostKeyFingerprint())), ctx);
        assertEquals(base == Base.BASE_1_1 ? Framing.CHUNKED : Framing.END_OF_MESSAGE, driver.framing());
        return driver;
    }

    JunosDriver open(Base base) throws Exception {
        return open(base, Duration.ofSeconds(20));
    }

    /** Another NETCONF session to the same simulator, speaking raw RPCs (an operator at the router). */
    record Raw(org.apache.sshd.client.session.ClientSession ssh, NetconfSession netconf) implements AutoCloseable {
        RpcReply rpc(String body) {
            return netconf.rpc("raw", body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(20));
        }

        @Override
        public void close() {
            try {
                netconf.close(Duration.ofSeconds(5));
            } finally {
                ssh.close(true);
            }
        }
    }

    Raw raw() {
        var ssh = connector.connect(target(HostKeyPolicy.fingerprint(sim.hostKeyFingerprint())), Duration.ofSeconds(20));
        return new Raw(ssh, NetconfSession.open(ssh, "r1-operator", Duration.ofSeconds(20), true));
    }

    static KeyPlan twoFutureKeys() {
        return new KeyPlan(List.of(
                new KeyPlan.Add(CKN_1, Secret.copyOf(CAK_1), T0.plus(Duration.ofHours(1)), Optional.empty()),
                new KeyPlan.Add(CKN_2, Secret.copyOf(CAK_2), T0.plus(Duration.ofHours(2)), Optional.empty())),
                List.of(), List.of());
    }

    static void assertNoCak(String text) {
        for (byte[] cak : List.of(CAK_1, CAK_2)) {
            String hex = HexFormat.of().formatHex(cak);
            assertFalse(text.contains(hex) || text.contains(hex.toUpperCase()), "CAK hex leaked");
            assertFalse(text.contains(java.util.Base64.getEncoder().encodeToString(cak)), "CAK base64 leaked");
        }
    }
}
