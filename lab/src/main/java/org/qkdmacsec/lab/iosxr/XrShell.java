package org.qkdmacsec.lab.iosxr;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal side of an SSH channel to the router: an interactive shell (prompt, echo when the client
 * asked for a pty, line editing with backspace, CR/LF/CRLF line ends) or a one-shot exec command. The
 * commands themselves go to a {@link CliSession}. Lines are never logged: they may carry key-strings.
 */
final class XrShell implements Command, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(XrShell.class);
    private static final int ESC = 0x1b;

    private final XrDevice device;
    private final Function<String, SessionRef> sessions;
    private final Optional<String> execCommand;
    private InputStream in;
    private OutputStream out;
    private ExitCallback exit;
    private ChannelSession channel;
    private CliSession cli;
    private boolean echo;
    private Thread thread;

    XrShell(XrDevice device, Function<String, SessionRef> sessions, Optional<String> execCommand) {
        this.device = device;
        this.sessions = sessions;
        this.execCommand = execCommand;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        // IOS-XR prints errors in-line on the terminal; nothing goes to stderr.
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
        this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        this.channel = channel;
        this.echo = !env.getPtyModes().isEmpty();
        SessionRef ref = sessions.apply(channel.getSession().getUsername());
        this.cli = new CliSession(device, ref);
        thread = new Thread(this, "xr-cli-" + device.hostname() + "-" + ref.id());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        int status = 0;
        try {
            if (execCommand.isPresent()) {
                runLine(execCommand.get());
            } else {
                write("\n" + cli.prompt());
                interactive();
            }
        } catch (IOException e) {
            LOG.debug("CLI session on {} ended: {}", device.hostname(), e.toString());
            status = 1;
        } finally {
            cli.close();
            exit.onExit(status);
        }
    }

    private void interactive() throws IOException {
        StringBuilder line = new StringBuilder();
        boolean lastWasCr = false;
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = b == '\r';
            if (b == '\r' || b == '\n') {
                if (echo) {
                    write("\n");
                }
                String typed = line.toString();
                line.setLength(0);
                if (!runLine(typed)) {
                    return;
                }
                write(cli.prompt());
            } else if (b == 0x7f || b == 0x08) {
                if (line.length() > 0) {
                    line.setLength(line.length() - 1);
                    if (echo) {
                        write("\b \b");
                    }
                }
            } else if (b == 0x03) {
                line.setLength(0);
                write("\n" + cli.prompt());
            } else if (b == ESC) {
                skipEscapeSequence();
            } else if (b >= 0x20) {
                line.append((char) b);
                if (echo) {
                    out.write(b);
                    out.flush();
                }
            }
        }
    }

    /** Runs one line; false when the session is over (exit, or an injected drop). */
    private boolean runLine(String typed) throws IOException {
        Optional<Faults.When> drop = device.faults().takeCliDrop(typed);
        if (drop.isPresent() && drop.get() == Faults.When.BEFORE) {
            dropSession();
            return false;
        }
        Optional<String> refused = device.faults().takeLineRefusal(typed);
        if (refused.isPresent()) {
            write("% " + refused.get() + "\n");
            return true;
        }
        CliSession.Response r = cli.handle(typed);
        if (drop.isPresent()) {
            dropSession();
            return false;
        }
        write(r.output());
        return !r.close();
    }

    private void dropSession() {
        channel.getSession().close(true);
    }

    private void skipEscapeSequence() throws IOException {
        int b = in.read();
        if (b == '[' || b == 'O') {
            do {
                b = in.read();
            } while (b >= 0 && (b < 0x40 || b > 0x7e));
        }
    }

    private void write(String text) throws IOException {
        out.write(text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void destroy(ChannelSession channel) {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
