package org.qkdmacsec.driver.ssh;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.client.ClientBuilder;
import org.qkdmacsec.spi.DeviceTarget;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens authenticated SSH sessions to devices with the house rules applied in one place: the host
 * key is pinned (known_hosts file or {@code SHA256:} fingerprint; an unknown key is accepted only with
 * the operator's explicit accept-new flag, a changed key never), post-quantum hybrid key exchange is
 * preferred when the JVM can do it, and every failure becomes a typed {@link DriverException}.
 *
 * <p>One connector holds one started MINA {@link SshClient}; share it across the drivers of a process
 * and close it at shutdown.
 */
public final class SshConnector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SshConnector.class);

    /**
     * Key exchanges in order of preference: hybrid ML-KEM / Streamlined NTRU Prime with X25519 first
     * (harvest-now-decrypt-later resistance for the management plane), then classical curves. MINA
     * offers the hybrids only with Bouncy Castle on the class path; unsupported entries are dropped.
     */
    static final List<BuiltinDHFactories> KEX_PREFERENCE = List.of(
            BuiltinDHFactories.mlkem768x25519,
            BuiltinDHFactories.sntrup761x25519,
            BuiltinDHFactories.sntrup761x25519_openssh,
            BuiltinDHFactories.curve25519,
            BuiltinDHFactories.curve25519_libssh,
            BuiltinDHFactories.curve448,
            BuiltinDHFactories.ecdhp521,
            BuiltinDHFactories.ecdhp384,
            BuiltinDHFactories.ecdhp256,
            BuiltinDHFactories.dhgex256,
            BuiltinDHFactories.dhg16_512,
            BuiltinDHFactories.dhg14_256);

    private static final AttributeRepository.AttributeKey<ServerKeyVerifier> PIN = new AttributeRepository.AttributeKey<>();

    private final SshClient client;
    private final Duration heartbeat;

    private SshConnector(Duration heartbeat) {
        this.heartbeat = heartbeat;
        this.client = SshClient.setUpDefaultClient();
        List<KeyExchangeFactory> kex = new ArrayList<>();
        for (BuiltinDHFactories f : KEX_PREFERENCE) {
            if (f.isSupported()) {
                kex.add(ClientBuilder.DH2KEX.apply(f));
            }
        }
        client.setKeyExchangeFactories(kex);
        // Each device has its own pin. It travels in the connect context so it is in place before the
        // key exchange starts (setting it on the session after connect() returned raced the KEX: the
        // host key was then checked by the client default and refused without the reason).
        client.setServerKeyVerifier((session, remote, key) -> {
            AttributeRepository ctx = session.getConnectionContext();
            ServerKeyVerifier pinned = ctx == null ? null : ctx.getAttribute(PIN);
            return (pinned == null ? RejectAllServerKeyVerifier.INSTANCE : pinned).verifyServerKey(session, remote, key);
        });
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, heartbeat);
        // A CLI or NETCONF exchange is many small request/answer round trips: Nagle's algorithm with the
        // peer's delayed ACK would add tens of milliseconds to each.
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        client.start();
    }

    /** A started connector sending SSH keepalives every {@code heartbeat}. */
    public static SshConnector start(Duration heartbeat) {
        return new SshConnector(heartbeat);
    }

    /** A started connector with a 15 s keepalive. */
    public static SshConnector start() {
        return start(Duration.ofSeconds(15));
    }

    /** Names of the key exchanges this JVM will offer, in order. */
    public List<String> offeredKeyExchanges() {
        return client.getKeyExchangeFactories().stream().map(f -> f.getName()).toList();
    }

    /**
     * Connects, verifies the host key against {@code target.hostKeys()}, and authenticates with the
     * target's password or private key.
     *
     * @throws DriverException CONNECT, HOST_KEY, AUTH or TIMEOUT
     */
    public ClientSession connect(DeviceTarget target, Duration timeout) {
        // Why the host key was refused. Held here, not in a session attribute: MINA may close the session
        // (and drop its attributes) before the failed login reaches us.
        AtomicReference<String> rejection = new AtomicReference<>();
        ServerKeyVerifier verifier = verifierFor(target, rejection::set);
        ClientSession session;
        try {
            session = client.connect(target.username(), target.host(), target.port(),
                            AttributeRepository.ofKeyValuePair(PIN, verifier))
                    .verify(timeout)
                    .getSession();
        } catch (IOException e) {
            throw connectFailure(target, e);
        }
        try {
            target.password().ifPresent(p -> session.addPasswordIdentity(passwordString(p)));
            if (target.privateKey().isPresent()) {
                for (KeyPair kp : loadKeys(target, target.privateKey().get())) {
                    session.addPublicKeyIdentity(kp);
                }
            }
            if (target.password().isEmpty() && target.privateKey().isEmpty()) {
                throw new DriverException(DriverException.Kind.INVALID_REQUEST, target.name(),
                        "no password and no private key configured for SSH login as '" + target.username() + "'");
            }
            session.auth().verify(timeout);
            LOG.debug("{}: SSH session up to {}:{} (kex {})", target.name(), target.host(), target.port(),
                    session.getNegotiatedKexParameter(KexProposalOption.ALGORITHMS));
            return session;
        } catch (IOException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof DriverException de) {
                throw de;
            }
            if (rejection.get() != null) {
                throw new DriverException(DriverException.Kind.HOST_KEY, target.name(), rejection.get());
            }
            if (isTimeout(e)) {
                throw new DriverException(DriverException.Kind.TIMEOUT, target.name(),
                        "SSH login to " + target.host() + ":" + target.port() + " did not finish within " + timeout, e);
            }
            throw new DriverException(DriverException.Kind.AUTH, target.name(),
                    "SSH authentication as '" + target.username() + "' failed: " + describe(e), e);
        }
    }

    /** The key exchange the session negotiated (for facts and docs). */
    public static String negotiatedKex(ClientSession session) {
        return session.getNegotiatedKexParameter(KexProposalOption.ALGORITHMS);
    }

    /** {@code SHA256:base64} fingerprint, as OpenSSH prints it. */
    public static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    private ServerKeyVerifier verifierFor(DeviceTarget target, Consumer<String> reject) {
        DeviceTarget.HostKeyPolicy pin = target.hostKeys();
        if (pin.fingerprint().isPresent()) {
            String expected = pin.fingerprint().get().trim();
            return (session, remote, key) -> {
                String actual = fingerprint(key);
                if (actual.equals(expected)) {
                    return true;
                }
                reject.accept("SSH host key of " + remote + " is " + actual
                        + " but the inventory pins " + expected + " — refusing to connect (possible"
                        + " man-in-the-middle, or the device was re-keyed: update the pin after checking)");
                return false;
            };
        }
        if (pin.knownHosts().isPresent()) {
            Path file = pin.knownHosts().get();
            ServerKeyVerifier unknown = pin.acceptNew()
                    ? (session, remote, key) -> {
                        LOG.warn("{}: accepting new SSH host key {} for {} (accept-new) and recording it in {}",
                                target.name(), fingerprint(key), remote, file);
                        return true;
                    }
                    : (session, remote, key) -> {
                        reject.accept("SSH host key " + fingerprint(key) + " of " + remote
                                + " is not in " + file + " — refusing to connect (pass --accept-new-host-keys"
                                + " once after checking the fingerprint, or add it to the file)");
                        return false;
                    };
            KnownHostsServerKeyVerifier v = new KnownHostsServerKeyVerifier(unknown, file) {
                @Override
                public boolean acceptModifiedServerKey(ClientSession session, SocketAddress remote,
                        org.apache.sshd.client.config.hosts.KnownHostEntry entry, PublicKey expected, PublicKey actual) {
                    reject.accept("SSH host key of " + remote + " CHANGED: "
                            + file + " has " + fingerprint(expected) + ", the device presents " + fingerprint(actual)
                            + " — refusing to connect (possible man-in-the-middle)");
                    return false;
                }
            };
            return v;
        }
        return (session, remote, key) -> {
            reject.accept("no SSH host-key pin configured for this device"
                    + " (set host-key: SHA256:… or known-hosts: PATH in the inventory); presented key is "
                    + fingerprint(key));
            return false;
        };
    }

    private static List<KeyPair> loadKeys(DeviceTarget target, Path file) {
        try {
            FileKeyPairProvider provider = new FileKeyPairProvider(file);
            List<KeyPair> keys = new ArrayList<>();
            for (KeyPair kp : provider.loadKeys((SessionContext) null)) {
                keys.add(kp);
            }
            if (keys.isEmpty()) {
                throw new DriverException(DriverException.Kind.INVALID_REQUEST, target.name(),
                        "no usable private key in " + file);
            }
            return keys;
        } catch (DriverException e) {
            throw e;
        } catch (RuntimeException e) {
            // FileKeyPairProvider loads lazily and wraps I/O and parse failures unchecked.
            throw new DriverException(DriverException.Kind.INVALID_REQUEST, target.name(),
                    "cannot read private key " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * MINA's password API takes a {@code String}; this is the one place a password becomes one, and it
     * is handed straight to the session (never logged, never kept by us).
     */
    private static String passwordString(Secret password) {
        return password.apply(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8));
    }

    private static DriverException connectFailure(DeviceTarget target, IOException e) {
        if (isTimeout(e)) {
            return new DriverException(DriverException.Kind.TIMEOUT, target.name(),
                    "SSH connect to " + target.host() + ":" + target.port() + " timed out", e);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = root instanceof ConnectException ? "connection refused" : describe(root);
        return new DriverException(DriverException.Kind.CONNECT, target.name(),
                "cannot reach " + target.host() + ":" + target.port() + " over SSH: " + why, e);
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException || t instanceof java.util.concurrent.TimeoutException
                    || (t.getMessage() != null && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("timeout"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(ClientSession session) {
        try {
            session.close(true);
        } catch (RuntimeException ignored) {
            // closing a failed session: nothing useful to report
        }
    }

    Duration heartbeat() {
        return heartbeat;
    }

    @Override
    public void close() {
        client.stop();
    }

    /** For tests and facts: whether the hybrid post-quantum exchange is available in this JVM. */
    public static boolean postQuantumAvailable() {
        return BuiltinDHFactories.mlkem768x25519.isSupported();
    }
}
