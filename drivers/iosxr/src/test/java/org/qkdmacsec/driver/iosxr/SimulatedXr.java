package org.qkdmacsec.driver.iosxr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qkdmacsec.driver.ssh.SshConnector;
import org.qkdmacsec.lab.iosxr.IosXrSimulator;
import org.qkdmacsec.lab.mka.MkaPort;
import org.qkdmacsec.lab.pki.TestPki;
import org.qkdmacsec.lab.time.ManualClock;
import org.qkdmacsec.spi.DeviceTarget;
import org.qkdmacsec.spi.DriverContext;
import org.qkdmacsec.spi.Secret;

/** One lab IOS-XR router on loopback and the inventory entry that reaches it. */
final class SimulatedXr implements AutoCloseable {
    static final String IFACE = "HundredGigE0/0/0/0";
    static final String USER = "lab";
    static final String PASS = "lab-pass-7Q";

    final IosXrSimulator sim;
    final ManualClock clock;

    SimulatedXr(String name, TestPki pki, ManualClock clock, ZoneId zone, boolean commitConfirmedExtension, MkaPort port) {
        this(name, pki, clock, zone, commitConfirmedExtension, port == null ? Map.of() : Map.of(IFACE, port), List.of(IFACE),
                Duration.ZERO);
    }

    /** A router with these interfaces, MKA ports attached to some of them, and a commit latency on the lab clock. */
    SimulatedXr(String name, TestPki pki, ManualClock clock, ZoneId zone, boolean commitConfirmedExtension,
                Map<String, MkaPort> ports, List<String> interfaces, Duration commitLatency) {
        this.clock = clock;
        try {
            sim = IosXrSimulator.builder().hostname(name).credentials(USER, PASS.toCharArray()).pki(pki).clock(clock)
                    .timeZone(zone).interfaces(interfaces.toArray(String[]::new)).advertiseCommitConfirmed(commitConfirmedExtension)
                    .commitLatency(commitLatency).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ports.forEach(sim::attach);
    }

    /** The inventory's view of this router: SSH on its port, host key pinned, gNMI CA pinned. */
    DeviceTarget target(String transport, Optional<ZoneId> inventoryZone) {
        return target(transport, inventoryZone, Map.of());
    }

    /** The same with further inventory options (e.g. {@code macsec-policy}). */
    DeviceTarget target(String transport, Optional<ZoneId> inventoryZone, Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(extra);
        options.put("transport", transport);
        options.put("gnmi-port", Integer.toString(sim.gnmiPort()));
        options.put("gnmi-ca", sim.caBundle().toString());
        return new DeviceTarget(sim.hostname(), "iosxr", "127.0.0.1", sim.sshPort(), USER,
                Optional.of(Secret.copyOf(PASS.getBytes(StandardCharsets.UTF_8))), Optional.<Path>empty(),
                DeviceTarget.HostKeyPolicy.fingerprint(SshConnector.fingerprint(sim.sshHostKey())), inventoryZone,
                options);
    }

    /** Operator's base configuration, over the CLI: the interface uses the key chain for MKA. */
    void bind(String chain, String policy) {
        bind(IFACE, chain, policy);
    }

    void bind(String iface, String chain, String policy) {
        DeviceTarget t = target("cli", Optional.empty());
        try (SshConnector ssh = SshConnector.start()) {
            var session = ssh.connect(t, Duration.ofSeconds(15));
            try (XrShell shell = XrShell.open(t.name(), session, Duration.ofSeconds(30), new Redactor())) {
                for (String line : new String[] {"configure exclusive", "interface " + iface,
                        "macsec psk-keychain " + chain + " policy " + policy, "commit", "end"}) {
                    String out = shell.run(line, Duration.ofSeconds(30));
                    if (CliParsers.error(out).isPresent()) {
                        throw new IllegalStateException("'" + line + "': " + out);
                    }
                }
            } finally {
                session.close(true);
            }
        }
    }

    DriverContext context() {
        return new DriverContext(clock, Duration.ofSeconds(15), Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        sim.close();
    }
}
