package org.qkdmacsec.lab.junos;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.qkdmacsec.lab.mka.MkaPort;
import org.qkdmacsec.lab.time.ManualClock;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * A simulated Junos device: an Apache MINA SSH server on a loopback address with the NETCONF subsystem,
 * answering Junos RPCs from its own configuration databases and clock. See docs/lab/junos-sim.md.
 *
 * <pre>{@code
 * try (JunosSimulator r1 = JunosSimulator.builder().hostName("r1").user("lab", "lab123")
 *         .clock(manualClock).timeZone(ZoneId.of("Europe/Zurich")).initialConfiguration(xml).start()) {
 *     r1.writeKnownHosts(knownHosts);
 *     r1.attach("et-0/0/0", link.a());
 *     // connect to r1.host():r1.port(), subsystem "netconf"
 * }
 * }</pre>
 */
public final class JunosSimulator implements AutoCloseable {
    private final SshServer sshd;
    private final JunosDevice device;
    private final JunosFaults faults;
    private final KeyPair hostKey;
    private final ExecutorService sessionThreads;
    private final ScheduledExecutorService poller;

    private JunosSimulator(SshServer sshd, JunosDevice device, JunosFaults faults, KeyPair hostKey,
                           ExecutorService sessionThreads, ScheduledExecutorService poller) {
        this.sshd = sshd;
        this.device = device;
        this.faults = faults;
        this.hostKey = hostKey;
        this.sessionThreads = sessionThreads;
        this.poller = poller;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String host() {
        return sshd.getHost();
    }

    /** Commits and confirmations this router has performed (each pays the commit latency). */
    public long commitOperations() {
        return device.latency.operations();
    }

    /** The bound TCP port (the real one when the builder asked for port 0). */
    public int port() {
        return sshd.getPort();
    }

    public PublicKey hostPublicKey() {
        return hostKey.getPublic();
    }

    /** OpenSSH-style fingerprint, {@code SHA256:<base64>}. */
    public String hostKeyFingerprint() {
        return KeyUtils.getFingerPrint(hostKey.getPublic());
    }

    /** The known_hosts line for this device: {@code [127.0.0.1]:PORT ssh-ed25519 AAAA…}. */
    public String knownHostsLine() {
        String h = port() == 22 ? host() : "[" + host() + "]:" + port();
        return h + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    /** Appends {@link #knownHostsLine()} to a known_hosts file (created with its directories if missing). */
    public void writeKnownHosts(Path knownHosts) throws IOException {
        Files.createDirectories(knownHosts.toAbsolutePath().getParent());
        Files.writeString(knownHosts, knownHostsLine() + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    public JunosFaults faults() {
        return faults;
    }

    /**
     * Joins an interface of this device to one end of an MKA link model. From now on every committed
     * change (and every commit-confirmed rollback, at its deadline) feeds that port, and
     * {@code get-mka-session-information} answers from the model.
     */
    public void attach(String interfaceName, MkaPort port) {
        device.attach(Objects.requireNonNull(interfaceName), Objects.requireNonNull(port));
    }

    /** The device clock now (lab clock + skew). */
    public Instant deviceTime() {
        return device.deviceNow();
    }

    public Duration clockSkew() {
        return device.skew();
    }

    /** Steps the device clock to lab clock + {@code skew}; attached MKA ports learn it at once. */
    public void setClockSkew(Duration skew) {
        device.setSkew(Objects.requireNonNull(skew));
    }

    public void setNtpSynchronized(boolean synced) {
        device.setNtpSynchronized(synced);
    }

    /** The committed configuration as Junos XML (secrets $9$-encoded), for assertions. */
    public String committedConfigurationXml() {
        return "<configuration>\n" + device.committed().childrenXml(1) + "</configuration>\n";
    }

    /** The committed configuration as Junos text. */
    public String committedConfigurationText() {
        return ConfigText.render(device.committed());
    }

    /** Lab-clock deadline of a pending commit-confirmed rollback, if any. */
    public Optional<Instant> pendingRollbackDeadline() {
        return device.pendingRollback();
    }

    /** Number of open NETCONF sessions. */
    public int sessionCount() {
        return device.sessionCount();
    }

    @Override
    public void close() throws IOException {
        if (poller != null) {
            poller.shutdownNow();
        }
        try {
            sshd.stop(true);
        } finally {
            sessionThreads.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "JunosSimulator[" + host() + ":" + port() + "]";
    }

    /** Configures and starts a simulator. Defaults: 127.0.0.1, port 0, ed25519, system UTC clock, NETCONF 1.0+1.1. */
    public static final class Builder {
        private String hostName = "junos-sim";
        private String model = "mx204";
        private String version = "23.4R1.9";
        private String host = "127.0.0.1";
        private int port;
        private HostKeyType hostKeyType = HostKeyType.ED25519;
        private KeyPair hostKey;
        private final Map<String, byte[]> passwords = new HashMap<>();
        private final Map<String, List<PublicKey>> authorizedKeys = new HashMap<>();
        private Clock clock = Clock.systemUTC();
        private ZoneId zone = ZoneOffset.UTC;
        private Duration skew = Duration.ZERO;
        private boolean ntpSynchronized = true;
        private boolean netconf11 = true;
        private String initialConfiguration;
        private Duration pollInterval;
        private Duration commitLatency = Duration.ZERO;

        private Builder() {
        }

        /** system host-name, also in replies. */
        public Builder hostName(String name) {
            this.hostName = Objects.requireNonNull(name);
            return this;
        }

        public Builder model(String model) {
            this.model = Objects.requireNonNull(model);
            return this;
        }

        public Builder version(String version) {
            this.version = Objects.requireNonNull(version);
            return this;
        }

        /** Loopback address to bind (127.0.0.0/8 or ::1). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** TCP port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder hostKeyType(HostKeyType type) {
            this.hostKeyType = Objects.requireNonNull(type);
            return this;
        }

        /** Use this host key pair (e.g. the one of a previous run); overrides {@link #hostKeyType}. */
        public Builder hostKey(KeyPair keyPair) {
            this.hostKey = Objects.requireNonNull(keyPair);
            return this;
        }

        /** A user allowed in with this password. */
        public Builder user(String name, String password) {
            passwords.put(Objects.requireNonNull(name), password.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** A user allowed in with this public key. */
        public Builder authorizedKey(String user, PublicKey key) {
            authorizedKeys.computeIfAbsent(Objects.requireNonNull(user), u -> new ArrayList<>()).add(Objects.requireNonNull(key));
            return this;
        }

        /** The lab clock (a {@link ManualClock} in tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Device time zone (start-times are read and rendered in it); written as system time-zone. */
        public Builder timeZone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone);
            return this;
        }

        /** Device clock = lab clock + skew. */
        public Builder clockSkew(Duration skew) {
            this.skew = Objects.requireNonNull(skew);
            return this;
        }

        public Builder ntpSynchronized(boolean synced) {
            this.ntpSynchronized = synced;
            return this;
        }

        /** false: advertise base:1.0 only, so every session uses end-of-message framing. */
        public Builder netconf11(boolean advertise) {
            this.netconf11 = advertise;
            return this;
        }

        /**
         * How long every commit (and the plain commit that confirms a confirmed one) takes, on the lab
         * clock: wall time with a real clock, simulated time with a {@link ManualClock} (see
         * {@link org.qkdmacsec.lab.time.CommitLatency}). A confirmed commit's rollback timer starts when
         * the commit completes. Default {@link Duration#ZERO}; the embedded lab uses 3 s.
         */
        public Builder commitLatency(Duration latency) {
            if (latency.isNegative()) {
                throw new IllegalArgumentException("negative commit latency " + latency);
            }
            this.commitLatency = latency;
            return this;
        }

        /** Junos {@code <configuration>} XML committed at start (merged over system host-name and time-zone). */
        public Builder initialConfiguration(String configurationXml) {
            this.initialConfiguration = Objects.requireNonNull(configurationXml);
            return this;
        }

        /**
         * How often a background poller applies overdue commit-confirmed rollbacks. Default: 1 s with a
         * system clock, none with a {@link ManualClock} (deadlines are then applied on every access).
         * {@link Duration#ZERO} disables the poller.
         */
        public Builder rollbackPollInterval(Duration interval) {
            this.pollInterval = Objects.requireNonNull(interval);
            return this;
        }

        public JunosSimulator start() throws IOException {
            if (passwords.isEmpty() && authorizedKeys.isEmpty()) {
                throw new IllegalStateException("a simulated device needs at least one user");
            }
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                throw new IllegalArgumentException("simulators bind loopback addresses only, not " + host);
            }
            KeyPair key = hostKey != null ? hostKey : generate(hostKeyType);
            JunosFaults faults = new JunosFaults();
            JunosDevice device = new JunosDevice(new JunosDevice.Identity(hostName, model, version), clock, zone, skew,
                    ntpSynchronized, faults, commitLatency, parseInitial());
            ExecutorService threads = Executors.newCachedThreadPool(daemon("junos-sim-" + hostName + "-netconf"));
            RpcDispatcher dispatcher = new RpcDispatcher(device, faults, version);

            SshServer sshd = SshServer.setUpDefaultServer();
            // Small request/answer exchanges: no Nagle delay on the simulator's side either.
            org.apache.sshd.core.CoreModuleProperties.TCP_NODELAY.set(sshd, true);
            sshd.setHost(host);
            sshd.setPort(port);
            sshd.setKeyPairProvider(KeyPairProvider.wrap(key));
            Map<String, byte[]> users = Map.copyOf(passwords);
            sshd.setPasswordAuthenticator((user, password, session) -> users.containsKey(user)
                    && MessageDigest.isEqual(users.get(user), password.getBytes(StandardCharsets.UTF_8)));
            Map<String, List<PublicKey>> keys = Map.copyOf(authorizedKeys);
            sshd.setPublickeyAuthenticator(keys.isEmpty() ? null : (user, k, session) ->
                    keys.getOrDefault(user, List.of()).stream().anyMatch(a -> KeyUtils.compareKeys(a, k)));
            sshd.setSubsystemFactories(List.of(new SubsystemFactory() {
                @Override
                public String getName() {
                    return "netconf";
                }

                @Override
                public Command createSubsystem(ChannelSession channel) {
                    return new NetconfSubsystem(device, dispatcher, netconf11, threads);
                }
            }));
            try {
                sshd.start();
            } catch (IOException | RuntimeException e) {
                threads.shutdownNow();
                throw e;
            }
            Duration interval = pollInterval != null ? pollInterval : clock instanceof ManualClock ? Duration.ZERO : Duration.ofSeconds(1);
            ScheduledExecutorService poller = null;
            if (!interval.isZero()) {
                poller = Executors.newSingleThreadScheduledExecutor(daemon("junos-sim-" + hostName + "-rollback"));
                poller.scheduleWithFixedDelay(device::expireDue, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
            }
            return new JunosSimulator(sshd, device, faults, key, threads, poller);
        }

        private Element parseInitial() {
            if (initialConfiguration == null) {
                return null;
            }
            try {
                Element root = Xml.parse(initialConfiguration.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
                if (!Xml.name(root).equals("configuration")) {
                    throw new IllegalArgumentException("initial configuration must be a <configuration> element, not <" + Xml.name(root) + ">");
                }
                return root;
            } catch (SAXException e) {
                throw new IllegalArgumentException("initial configuration is not well-formed XML: " + e.getMessage(), e);
            }
        }

        private static KeyPair generate(HostKeyType type) {
            try {
                return KeyUtils.generateKeyPair(type.sshName, type.bits);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot generate a " + type + " host key", e);
            }
        }

        private static ThreadFactory daemon(String prefix) {
            AtomicInteger n = new AtomicInteger();
            return r -> {
                Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
        }
    }
}
