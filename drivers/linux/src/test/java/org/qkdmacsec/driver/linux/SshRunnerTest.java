package org.qkdmacsec.driver.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.shell.ProcessShellFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.driver.ssh.SshConnector;
import org.qkdmacsec.spi.DeviceTarget;
import org.qkdmacsec.spi.DriverContext;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.MacsecDriver;
import org.qkdmacsec.spi.Secret;

/**
 * The SSH transport against a real MINA SSH server on 127.0.0.1 whose exec requests run
 * {@code /bin/sh -c COMMAND}, as an OpenSSH or dropbear server does: quoting, stdin and EOF, exit
 * codes, host-key pinning through the factory, and what the device sees on its command lines.
 */
class SshRunnerTest {
    private static SshServer server;
    private static KeyPair hostKey;
    private static final List<String> commandLines = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        hostKey = g.generateKeyPair();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator((user, pw, s) -> "root".equals(user) && "lab-password".equals(pw));
        server.setCommandFactory((channel, command) -> {
            commandLines.add(command);
            return new ProcessShellFactory(command, "/bin/sh", "-c", command).createShell(channel);
        });
        server.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop(true);
    }

    static DeviceTarget target(String fingerprint, Map<String, String> options) {
        return new DeviceTarget("pi-1", "linux", "127.0.0.1", server.getPort(), "root",
                Optional.of(Secret.copyOf("lab-password".getBytes(StandardCharsets.UTF_8))), Optional.empty(),
                DeviceTarget.HostKeyPolicy.fingerprint(fingerprint), Optional.empty(), options);
    }

    private static SshRunner runner() {
        SshConnector c = SshConnector.start();
        return new SshRunner("pi-1", c.connect(target(SshConnector.fingerprint(hostKey.getPublic()), Map.of()), Duration.ofSeconds(10)),
                "ssh root@127.0.0.1", c::close);
    }

    @Test
    void argumentsSurviveTheRemoteShellExactly() {
        try (SshRunner r = runner()) {
            CommandRunner.Output o = r.run(List.of("printf", "%s|", "a b", "$HOME", "it's", "x;y"), new byte[0], Duration.ofSeconds(20));
            assertEquals(0, o.exitCode(), o.stderr());
            assertEquals("a b|$HOME|it's|x;y|", o.stdout());
        }
    }

    @Test
    void stdinIsDeliveredAndClosedSoBatchReadersFinish() {
        byte[] batch = "line one\nline two\n".repeat(5000).getBytes(StandardCharsets.US_ASCII);
        try (SshRunner r = runner()) {
            CommandRunner.Output o = r.run(List.of("wc", "-l"), batch, Duration.ofSeconds(20));
            assertEquals("10000", o.stdout().trim());
            CommandRunner.Output fail = r.run(List.of("sh", "-c", "echo 'RTNETLINK answers: File exists' >&2; exit 2"), new byte[0],
                    Duration.ofSeconds(20));
            assertEquals(2, fail.exitCode());
            assertTrue(fail.stderr().contains("File exists"));
        }
    }

    @Test
    void theDriverFactoryPinsTheHostKey() {
        LinuxDriverFactory f = new LinuxDriverFactory();
        DriverException e = assertThrows(DriverException.class, () -> f.open(target("SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                Map.of("netns", "a")), DriverContext.defaults(Clock.systemUTC())));
        assertEquals(DriverException.Kind.HOST_KEY, e.kind());
    }

    @Test
    void overSshTheDeviceSeesOnlyTheFixedIpCommandLine() {
        // ip is not installed on this build host; the command line the device receives is what counts.
        commandLines.clear();
        LinuxDriverFactory f = new LinuxDriverFactory();
        try (MacsecDriver d = f.open(target(SshConnector.fingerprint(hostKey.getPublic()), Map.of("netns", "a", "ip", "/nonexistent/ip")),
                DriverContext.defaults(Clock.systemUTC()))) {
            DriverException e = assertThrows(DriverException.class, () -> d.readKeys(LinuxMacsecDriverTest.PORT));
            assertEquals(DriverException.Kind.DEVICE_ERROR, e.kind());
            assertTrue(e.getMessage().startsWith("pi-1: ip -batch failed"), e.getMessage());
        }
        assertEquals(new ArrayList<>(List.of("/nonexistent/ip -n a -j -d -s -batch -")), new ArrayList<>(commandLines));
    }
}
