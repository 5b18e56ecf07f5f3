package org.qkdmacsec.lab.kernel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/**
 * The lab's own SSH client into the guest (Apache MINA SSHD, the guest's host key pinned by
 * fingerprint). Runs commands as root in the VM's initial namespace; one session, one channel per
 * command, so commands may run concurrently (a ping in the background while rollovers go on).
 */
final class GuestShell implements AutoCloseable {
    private final SshClient client;
    private final ClientSession session;

    private GuestShell(SshClient client, ClientSession session) {
        this.client = client;
        this.session = session;
    }

    /** Logs in, or throws IOException (the caller retries while the guest boots). */
    static GuestShell connect(int port, KeyPair key, String expectedFingerprint, Duration timeout) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((s, remote, serverKey) -> LabKeys.fingerprintOf(serverKey).equals(expectedFingerprint));
        client.start();
        try {
            ClientSession session = client.connect("root", "127.0.0.1", port).verify(timeout).getSession();
            session.addPublicKeyIdentity(key);
            session.auth().verify(timeout);
            return new GuestShell(client, session);
        } catch (IOException | RuntimeException e) {
            client.stop();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    ExecResult exec(String command, byte[] stdin, Duration timeout) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec ch = session.createExecChannel(command)) {
            ch.setOut(out);
            ch.setErr(err);
            ch.open().verify(timeout);
            try (OutputStream in = ch.getInvertedIn()) {
                in.write(stdin);
                in.flush();
            }
            Set<ClientChannelEvent> ev = ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS),
                    timeout.toMillis());
            if (ev.contains(ClientChannelEvent.TIMEOUT)) {
                throw new KernelLabException(KernelLabException.Reason.GUEST_COMMAND_FAILED, "guest command did not"
                        + " finish within " + timeout + ": " + command);
            }
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(5).toMillis());
            Integer status = ch.getExitStatus();
            return new ExecResult(status == null ? -1 : status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new KernelLabException(KernelLabException.Reason.GUEST_COMMAND_FAILED, "guest command failed to run: "
                    + command + ": " + e.getMessage(), e);
        }
    }

    boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close() {
        try {
            session.close(true);
        } finally {
            client.stop();
        }
    }
}
