package org.qkdmacsec.lab.iosxr;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.qkdmacsec.lab.mka.MkaPort;
import org.qkdmacsec.lab.pki.Identity;
import org.qkdmacsec.lab.pki.TestPki;
import org.qkdmacsec.lab.time.ManualClock;

/**
 * A simulated Cisco IOS-XR router on loopback: a gNMI server over TLS and an SSH CLI, both on one
 * configuration store (a target configuration per CLI session, one committed configuration), feeding
 * MKA link model ports with IOS-XR key selection. See docs/lab/iosxr-sim.md.
 *
 * <pre>{@code
 * try (IosXrSimulator xr = IosXrSimulator.builder()
 *         .hostname("xr1").credentials("lab", "lab-pass".toCharArray())
 *         .pki(pki).clock(manualClock).timeZone(ZoneId.of("Europe/Berlin"))
 *         .interfaces("HundredGigE0/0/0/0").build()) {
 *     xr.attach("HundredGigE0/0/0/0", link.a());
 *     int gnmi = xr.gnmiPort(), ssh = xr.sshPort();
 * }
 * }</pre>
 */
public final class IosXrSimulator implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    private final XrDevice device;
    private final XrMkaFeed mkaFeed;
    private final XrSshServer ssh;
    private final GnmiServer gnmi;
    private final TestPki pki;
    private final ScheduledExecutorService poller;

    private IosXrSimulator(Builder b) throws IOException {
        DeviceClock clock = new DeviceClock(b.clock, b.skew, b.zone);
        Faults faults = new Faults();
        ConfigStore store = new ConfigStore(clock, faults, b.commitLatency);
        mkaFeed = new XrMkaFeed(clock);
        store.addListener(mkaFeed);
        device = new XrDevice(b.hostname, store, new XrInterfaces(b.interfaces), clock, faults,
                new MkaSessions(b.hostname, clock, mkaFeed), b.ntpSynchronized);
        pki = b.pki;
        Identity tlsIdentity = pki.issueServer(b.hostname);
        ServerCredentials tls = TlsServerCredentials.newBuilder()
                .keyManager(tlsIdentity.certificatePem().toFile(), tlsIdentity.privateKeyPem().toFile()).build();
        gnmi = new GnmiServer(new GnmiService(device, b.commitConfirmed), new GnmiAuth(b.username, b.password), tls, b.gnmiPort);
        XrSshServer sshServer = null;
        try {
            gnmi.start();
            sshServer = new XrSshServer(device, b.hostKey != null ? b.hostKey : ecdsaP256(), b.username, b.password, b.sshPort);
        } catch (IOException | RuntimeException e) {
            gnmi.close();
            throw e;
        }
        ssh = sshServer;
        boolean poll = b.pollRollback != null ? b.pollRollback : !(b.clock instanceof ManualClock);
        if (poll) {
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "xr-rollback-" + b.hostname);
                t.setDaemon(true);
                return t;
            });
            poller.scheduleWithFixedDelay(store::expireTrial, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            poller = null;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public String hostname() {
        return device.hostname();
    }

    /** The gNMI (gRPC over TLS) port on 127.0.0.1; it stays the same across {@link #setGnmiReachable} toggles. */
    public int gnmiPort() {
        return gnmi.port();
    }

    /** Commits and confirmations this router has performed, over either transport (each pays the commit latency). */
    public long commitOperations() {
        return device.store().commitOperations();
    }

    /** The SSH port on 127.0.0.1. */
    public int sshPort() {
        return ssh.port();
    }

    /** The SSH host public key (ECDSA P-256 unless the builder was given another key pair). */
    public PublicKey sshHostKey() {
        return ssh.hostKey();
    }

    /** An OpenSSH known_hosts line for the SSH service: {@code [127.0.0.1]:port ecdsa-sha2-nistp256 AAAA…}. */
    public String knownHostsLine() {
        return ssh.knownHostsLine();
    }

    /** Appends {@link #knownHostsLine()} to {@code file} (created if missing). */
    public void writeKnownHosts(Path file) {
        try {
            Files.writeString(file, knownHostsLine() + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write known_hosts " + file + ": " + e.getMessage(), e);
        }
    }

    /** The CA that signed the gNMI server certificate (SANs 127.0.0.1, ::1, localhost, host name). */
    public X509Certificate caCertificate() {
        return pki.caCertificate();
    }

    /** The CA certificate as a PEM file, for clients that pin it. */
    public Path caBundle() {
        return pki.caBundle();
    }

    public Faults faults() {
        return device.faults();
    }

    /**
     * Opens or closes the gNMI listener. Unreachable means connection refused on {@link #gnmiPort()},
     * as on a router without gRPC configured; the CLI keeps working.
     */
    public void setGnmiReachable(boolean reachable) {
        if (reachable) {
            try {
                gnmi.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot reopen gNMI on port " + gnmi.port() + ": " + e.getMessage(), e);
            }
        } else {
            gnmi.stop();
        }
    }

    public boolean gnmiReachable() {
        return gnmi.running();
    }

    /** Drops every open SSH session now (the TCP connections close without a goodbye). */
    public void dropSshSessions() {
        ssh.dropAllSessions();
    }

    /**
     * Attaches interface {@code iface} to one end of an MKA link model. The port is fed the current
     * configuration now and after every committed change (and a commit-confirmed rollback, timestamped at
     * its deadline), with the router's clock skew and {@code ActivationRule.IOS_XR}.
     */
    public void attach(String iface, MkaPort port) {
        attach(iface, port, "peer-" + port.side().peer());
    }

    /** As {@link #attach(String, MkaPort)}, naming the peer in MKA show output and oper data. */
    public void attach(String iface, MkaPort port, String peerName) {
        String full = device.interfaces().resolve(iface)
                .orElseThrow(() -> new IllegalArgumentException(hostname() + " has no interface " + iface + " (it has " + device.interfaces().names() + ")"));
        mkaFeed.attach(full, port, peerName, device.store());
    }

    /** The committed configuration as {@code show running-config} prints it. */
    public String runningConfig() {
        return String.join("\n", CliRender.running(device.store().committed())) + "\n";
    }

    /** The rollback deadline (lab time) of a pending commit confirmed, if one is pending. */
    public Optional<Instant> pendingCommitDeadline() {
        return device.store().trial().map(ConfigStore.Trial::deadline);
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
        gnmi.close();
        try {
            ssh.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop SSH of " + hostname() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "IosXrSimulator[" + hostname() + ", gnmi=127.0.0.1:" + gnmiPort() + ", ssh=127.0.0.1:" + sshPort() + "]";
    }

    private static KeyPair ecdsaP256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an ECDSA P-256 host key: " + e.getMessage(), e);
        }
    }

    /** Builds and starts an {@link IosXrSimulator}. Credentials and a PKI are required; the rest has defaults. */
    public static final class Builder {
        private String hostname = "xr1";
        private Clock clock = Clock.systemUTC();
        private ZoneId zone = ZoneOffset.UTC;
        private Duration skew = Duration.ZERO;
        private String username;
        private char[] password;
        private TestPki pki;
        private List<String> interfaces = List.of("HundredGigE0/0/0/0");
        private boolean commitConfirmed = true;
        private int gnmiPort;
        private int sshPort;
        private KeyPair hostKey;
        private Boolean pollRollback;
        private boolean ntpSynchronized = true;
        private Duration commitLatency = Duration.ZERO;

        private Builder() {
        }

        /** Host name in prompts and show output, and the name the gNMI certificate is issued to. Default {@code xr1}. */
        public Builder hostname(String h) {
            this.hostname = Objects.requireNonNull(h, "hostname");
            return this;
        }

        /** The lab clock (a {@link ManualClock} in tests). Default: the system UTC clock. */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** The router's configured time zone: lifetimes and show output are in it. Default UTC. */
        public Builder timeZone(ZoneId z) {
            this.zone = Objects.requireNonNull(z, "zone");
            return this;
        }

        /** How far the router's clock is ahead of the lab clock (negative: behind). Default 0. */
        public Builder clockSkew(Duration d) {
            this.skew = Objects.requireNonNull(d, "skew");
            return this;
        }

        /** The one account, for SSH password authentication and gNMI username/password metadata. */
        public Builder credentials(String user, char[] pass) {
            this.username = Objects.requireNonNull(user, "user");
            this.password = Objects.requireNonNull(pass, "password").clone();
            return this;
        }

        /** The lab PKI that issues the gNMI server certificate. */
        public Builder pki(TestPki p) {
            this.pki = Objects.requireNonNull(p, "pki");
            return this;
        }

        /** The router's interfaces, full or short names. Default {@code HundredGigE0/0/0/0}. */
        public Builder interfaces(String... names) {
            this.interfaces = List.copyOf(Arrays.asList(names));
            return this;
        }

        /** Whether Capabilities advertises (and Set honours) the gNMI commit-confirmed extension. Default true. */
        public Builder advertiseCommitConfirmed(boolean on) {
            this.commitConfirmed = on;
            return this;
        }

        /** Fixed ports; default 0 (any free port). */
        public Builder ports(int gnmi, int ssh) {
            this.gnmiPort = gnmi;
            this.sshPort = ssh;
            return this;
        }

        /** The SSH host key pair; default a fresh ECDSA P-256 key. */
        public Builder sshHostKey(KeyPair kp) {
            this.hostKey = Objects.requireNonNull(kp, "host key");
            return this;
        }

        /**
         * Whether a background poller (every 200 ms of real time) rolls back an unconfirmed commit
         * confirmed at its deadline. Default: on, unless the clock is a {@link ManualClock}; the rollback
         * is also evaluated on every access, and always takes effect at its deadline.
         */
        public Builder pollRollback(boolean on) {
            this.pollRollback = on;
            return this;
        }

        /** What {@code show ntp status} reports (for clock preflight checks). Default synchronized. */
        public Builder ntpSynchronized(boolean on) {
            this.ntpSynchronized = on;
            return this;
        }

        /**
         * How long every commit (CLI {@code commit}, {@code commit confirmed}, the confirming commit, and
         * a gNMI Set that changes configuration or confirms) takes, on the lab clock: wall time with a
         * real clock, simulated time with a {@link ManualClock} ({@link org.qkdmacsec.lab.time.CommitLatency}).
         * A trial's rollback timer starts when its commit completes. Default {@link Duration#ZERO}; the
         * embedded lab uses 1.5 s.
         */
        public Builder commitLatency(Duration latency) {
            if (latency.isNegative()) {
                throw new IllegalArgumentException("negative commit latency " + latency);
            }
            this.commitLatency = latency;
            return this;
        }

        public IosXrSimulator build() throws IOException {
            List<String> missing = new ArrayList<>();
            if (username == null) {
                missing.add("credentials");
            }
            if (pki == null) {
                missing.add("pki");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("IOS-XR simulator " + hostname + ": " + String.join(" and ", missing) + " required");
            }
            return new IosXrSimulator(this);
        }
    }
}
