package org.qkdmacsec.lab.iosxr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.RejectAllPublickeyAuthenticator;

/** The router's SSH service on loopback: password authentication, an explicit host key, the XR CLI. */
final class XrSshServer implements AutoCloseable {
    private final SshServer sshd;
    private final KeyPair hostKey;

    XrSshServer(XrDevice device, KeyPair hostKey, String username, char[] password, int port) throws IOException {
        this.hostKey = hostKey;
        AtomicLong ids = new AtomicLong(1);
        byte[] expectedUser = username.getBytes(StandardCharsets.UTF_8);
        byte[] expectedPassword = new String(password).getBytes(StandardCharsets.UTF_8);
        sshd = SshServer.setUpDefaultServer();
        // Small request/answer exchanges: no Nagle delay on the simulator's side either.
        org.apache.sshd.core.CoreModuleProperties.TCP_NODELAY.set(sshd, true);
        sshd.setHost("127.0.0.1");
        sshd.setPort(port);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sshd.setPasswordAuthenticator((u, p, s) -> MessageDigest.isEqual(expectedUser, u.getBytes(StandardCharsets.UTF_8))
                & MessageDigest.isEqual(expectedPassword, p.getBytes(StandardCharsets.UTF_8)));
        sshd.setPublickeyAuthenticator(RejectAllPublickeyAuthenticator.INSTANCE);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setGSSAuthenticator(null);
        sshd.setShellFactory(channel -> new XrShell(device, user -> new SessionRef(ids.getAndIncrement(), user, "vty"), Optional.empty()));
        sshd.setCommandFactory((channel, command) -> new XrShell(device, user -> new SessionRef(ids.getAndIncrement(), user, "vty"), Optional.of(command)));
        sshd.start();
    }

    int port() {
        return sshd.getPort();
    }

    PublicKey hostKey() {
        return hostKey.getPublic();
    }

    /** {@code [127.0.0.1]:port <type> <base64>}, an OpenSSH known_hosts line for this server. */
    String knownHostsLine() {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    /** Closes every open SSH session at once (the TCP connections drop). */
    void dropAllSessions() {
        for (AbstractSession s : sshd.getActiveSessions()) {
            s.close(true);
        }
    }

    @Override
    public void close() throws IOException {
        sshd.stop(true);
    }
}
