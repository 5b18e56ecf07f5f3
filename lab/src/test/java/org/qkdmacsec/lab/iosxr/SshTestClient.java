package org.qkdmacsec.lab.iosxr;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.regex.Pattern;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * A plain MINA SSH client for the tests: host key checked against a known_hosts file (unknown hosts
 * rejected), password authentication, an interactive shell with a pty, prompt-driven reads.
 */
final class SshTestClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern PROMPT = Pattern.compile("(?s).*(RP/0/RP0/CPU0:[\\w.-]+(\\([^)]*\\))?#|\\[cancel\\]:)$");

    private final SshClient client;
    private final ClientSession session;
    private ChannelShell shell;
    private OutputStream toRouter;
    private InputStream fromRouter;

    SshTestClient(int port, Path knownHosts, String user, String password) throws IOException {
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, knownHosts));
        client.start();
        try {
            session = client.connect(user, "127.0.0.1", port).verify(TIMEOUT).getSession();
            session.addPasswordIdentity(password);
            session.auth().verify(TIMEOUT);
        } catch (IOException | RuntimeException e) {
            client.stop();
            throw e;
        }
    }

    /** Opens the interactive shell and returns the first prompt. */
    String openShell() throws IOException {
        shell = session.createShellChannel();
        shell.setUsePty(true);
        shell.open().verify(TIMEOUT);
        toRouter = shell.getInvertedIn();
        fromRouter = shell.getInvertedOut();
        return readUntilPrompt();
    }

    /** Sends a line, returns everything the router printed up to and including the next prompt (echo included). */
    String cmd(String line) throws IOException {
        toRouter.write((line + "\r").getBytes(StandardCharsets.UTF_8));
        toRouter.flush();
        return readUntilPrompt();
    }

    String readUntilPrompt() throws IOException {
        StringBuilder sb = new StringBuilder();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        byte[] buf = new byte[4096];
        while (!PROMPT.matcher(sb).matches()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no prompt within " + TIMEOUT + "; got: " + sb);
            }
            int n = fromRouter.read(buf);
            if (n < 0) {
                throw new EOFException("session closed; got: " + sb);
            }
            sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return sb.toString().replace("\r\n", "\n");
    }

    /** Runs one command on an exec channel and returns its output. */
    String exec(String command) throws IOException {
        try (ChannelExec ch = session.createExecChannel(command)) {
            ch.open().verify(TIMEOUT);
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            return new String(ch.getInvertedOut().readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        }
    }

    @Override
    public void close() throws IOException {
        if (shell != null) {
            shell.close(true);
        }
        session.close(true);
        client.stop();
    }
}
