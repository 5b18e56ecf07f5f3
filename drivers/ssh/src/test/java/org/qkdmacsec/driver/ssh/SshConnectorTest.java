package org.qkdmacsec.driver.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.spi.DeviceTarget;
import org.qkdmacsec.spi.DeviceTarget.HostKeyPolicy;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.Secret;

/** The connector against a real MINA server on loopback: pinning, accept-new, auth failures, PQ kex. */
class SshConnectorTest {
    private static SshServer server;
    private static KeyPair hostKey;
    private static SshConnector connector;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        hostKey = ecKey();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator((user, pw, s) -> "netops".equals(user) && "correct horse".equals(pw));
        server.start();
        connector = SshConnector.start(Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() throws Exception {
        connector.close();
        server.stop(true);
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static DeviceTarget target(HostKeyPolicy pin, String password) {
        return new DeviceTarget("r1", "junos", "127.0.0.1", server.getPort(), "netops",
                Optional.of(Secret.copyOf(password.getBytes(StandardCharsets.UTF_8))), Optional.empty(), pin,
                Optional.empty(), Map.of());
    }

    @Test
    void pinnedFingerprintConnectsWithHybridPostQuantumKex() throws Exception {
        var pin = HostKeyPolicy.fingerprint(SshConnector.fingerprint(hostKey.getPublic()));
        try (ClientSession s = connector.connect(target(pin, "correct horse"), Duration.ofSeconds(10))) {
            assertTrue(s.isAuthenticated());
            assertTrue(SshConnector.postQuantumAvailable(), "Bouncy Castle should enable ML-KEM hybrids");
            assertEquals("mlkem768x25519-sha256", SshConnector.negotiatedKex(s));
        }
    }

    @Test
    void wrongFingerprintIsRefusedAsHostKeyError() {
        var pin = HostKeyPolicy.fingerprint("SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        var e = assertThrows(DriverException.class, () -> connector.connect(target(pin, "correct horse"), Duration.ofSeconds(10)));
        assertEquals(DriverException.Kind.HOST_KEY, e.kind());
        assertTrue(e.getMessage().contains("pins SHA256:AAAA"), e.getMessage());
    }

    @Test
    void unknownHostInKnownHostsIsRefusedWithoutAcceptNew() throws Exception {
        Path kh = Files.createFile(dir.resolve("known_hosts"));
        var e = assertThrows(DriverException.class,
                () -> connector.connect(target(HostKeyPolicy.knownHosts(kh, false), "correct horse"), Duration.ofSeconds(10)));
        assertEquals(DriverException.Kind.HOST_KEY, e.kind());
        assertTrue(e.getMessage().contains("not in"), e.getMessage());
        assertEquals("", Files.readString(kh));
    }

    @Test
    void acceptNewRecordsTheKeyAndTheNextConnectNeedsNoFlag() throws Exception {
        Path kh = Files.createFile(dir.resolve("known_hosts"));
        try (ClientSession s = connector.connect(target(HostKeyPolicy.knownHosts(kh, true), "correct horse"), Duration.ofSeconds(10))) {
            assertTrue(s.isAuthenticated());
        }
        assertTrue(Files.readString(kh).contains(PublicKeyEntry.toString(hostKey.getPublic()).split(" ")[1]));
        try (ClientSession s = connector.connect(target(HostKeyPolicy.knownHosts(kh, false), "correct horse"), Duration.ofSeconds(10))) {
            assertTrue(s.isAuthenticated());
        }
    }

    @Test
    void changedHostKeyIsRefusedEvenWithAcceptNew() throws Exception {
        Path kh = dir.resolve("known_hosts");
        Files.writeString(kh, "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(ecKey().getPublic()) + "\n");
        var e = assertThrows(DriverException.class,
                () -> connector.connect(target(HostKeyPolicy.knownHosts(kh, true), "correct horse"), Duration.ofSeconds(10)));
        assertEquals(DriverException.Kind.HOST_KEY, e.kind());
        assertTrue(e.getMessage().contains("CHANGED"), e.getMessage());
    }

    @Test
    void wrongPasswordIsAnAuthErrorThatDoesNotEchoThePassword() {
        var pin = HostKeyPolicy.fingerprint(SshConnector.fingerprint(hostKey.getPublic()));
        var e = assertThrows(DriverException.class, () -> connector.connect(target(pin, "hunter2-wrong"), Duration.ofSeconds(10)));
        assertEquals(DriverException.Kind.AUTH, e.kind());
        assertTrue(!e.getMessage().contains("hunter2-wrong"));
    }

    @Test
    void closedPortIsAConnectError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var t = new DeviceTarget("r9", "junos", "127.0.0.1", port, "netops", Optional.empty(), Optional.empty(),
                HostKeyPolicy.fingerprint("SHA256:x"), Optional.empty(), Map.of());
        var e = assertThrows(DriverException.class, () -> connector.connect(t, Duration.ofSeconds(5)));
        assertEquals(DriverException.Kind.CONNECT, e.kind());
    }
}
