package org.qkdmacsec.driver.linux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.qkdmacsec.spi.DriverException;

/**
 * Runs programs over one authenticated SSH session (opened by the shared {@code SshConnector}, host
 * key pinned), one exec channel per program. The SSH server hands the command line to the login
 * shell, so every argument is single-quoted.
 */
final class SshRunner implements CommandRunner {
    private final String device;
    private final ClientSession session;
    private final String where;
    private final Runnable onClose;

    SshRunner(String device, ClientSession session, String where, Runnable onClose) {
        this.device = device;
        this.session = session;
        this.where = where;
        this.onClose = onClose;
    }

    static String shellQuote(List<String> argv) {
        return argv.stream().map(a -> a.matches("[A-Za-z0-9_./=:,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
    }

    @Override
    public Output run(List<String> argv, byte[] stdin, Duration timeout) {
        if (!session.isOpen()) {
            throw new DriverException(DriverException.Kind.SESSION_LOST, device, "SSH session to " + where + " is closed");
        }
        String command = shellQuote(argv);
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
            Set<ClientChannelEvent> ev = ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout.toMillis());
            if (ev.contains(ClientChannelEvent.TIMEOUT)) {
                throw new DriverException(DriverException.Kind.TIMEOUT, device, argv.get(0) + " over " + where
                        + " did not finish within " + timeout + " (its effect is unknown)");
            }
            Integer status = ch.getExitStatus();
            if (status == null) {
                throw new DriverException(DriverException.Kind.SESSION_LOST, device, argv.get(0) + " over " + where
                        + " ended without an exit status (its effect is unknown)");
            }
            return new Output(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DriverException(session.isOpen() ? DriverException.Kind.DEVICE_ERROR : DriverException.Kind.SESSION_LOST,
                    device, "running " + argv.get(0) + " over " + where + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return where;
    }

    @Override
    public void close() {
        try {
            session.close(false).await(Duration.ofSeconds(5));
        } catch (IOException e) {
            // closing: nothing useful to do
        } finally {
            onClose.run();
        }
    }
}
