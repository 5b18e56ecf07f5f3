package org.qkdmacsec.driver.iosxr;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.session.ClientSession;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.DriverException.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An interactive IOS-XR shell over SSH, driven by its prompt: send one line, collect output until the
 * prompt ({@code RP/0/RP0/CPU0:host#}, {@code …:host(config-…)#}) comes back, within a timeout. A
 * reader thread drains the channel into a buffer so a silent device never blocks the caller past the
 * timeout. Every line sent and received is traced at DEBUG through the {@link Redactor}.
 *
 * <p>Hand-written because expect-style prompt handling over a MINA channel is a few dozen lines and no
 * maintained Java library does it for IOS-XR.
 */
final class XrShell implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(XrShell.class);
    /** A prompt at the very end of the output: no whitespace inside, optional (mode), then '#'. */
    static final Pattern PROMPT = Pattern.compile("(?:^|\\n)([A-Za-z0-9_./:\\-]+(?:\\([A-Za-z0-9_./:\\-]+\\))?)#[ ]?$");
    private static final Pattern QUESTION = Pattern.compile("(?i)\\((?:yes/no(?:/cancel)?)\\)\\??[^\\n]*$");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    private final String device;
    private final ChannelShell channel;
    private final OutputStream toDevice;
    private final Redactor redactor;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final StringBuilder buffer = new StringBuilder();
    private boolean eof;
    private String prompt = "";

    private XrShell(String device, ChannelShell channel, Redactor redactor) {
        this.device = device;
        this.channel = channel;
        this.toDevice = channel.getInvertedIn();
        this.redactor = redactor;
    }

    /** Opens the shell, waits for the first prompt, turns paging off. */
    static XrShell open(String device, ClientSession session, Duration timeout, Redactor redactor) {
        ChannelShell channel;
        try {
            channel = session.createShellChannel();
            channel.setPtyType("vt100");
            channel.setPtyColumns(511);
            channel.setRedirectErrorStream(true);
            channel.open().verify(timeout);
        } catch (IOException | RuntimeException e) {
            throw new DriverException(Kind.SESSION_LOST, device, "cannot open an SSH shell: " + e.getMessage(), e);
        }
        XrShell shell = new XrShell(device, channel, redactor);
        Thread reader = new Thread(() -> shell.pump(channel.getInvertedOut()), "xr-shell-" + device);
        reader.setDaemon(true);
        reader.start();
        try {
            shell.awaitPrompt(timeout, "login banner");
            shell.run("terminal length 0", timeout);
            shell.run("terminal width 0", timeout);
        } catch (RuntimeException e) {
            shell.close();
            throw e;
        }
        return shell;
    }

    /** The last prompt seen, e.g. {@code RP/0/RP0/CPU0:xr1(config)}. */
    String prompt() {
        return prompt;
    }

    /** Host name from the prompt ({@code RP/0/RP0/CPU0:xr1#} → {@code xr1}). */
    String hostname() {
        String p = prompt.replaceAll("\\(.*\\)$", "");
        return p.substring(p.lastIndexOf(':') + 1);
    }

    /** Sends one line and returns what the device printed before the next prompt (echo removed). */
    String run(String command, Duration timeout) {
        return run(command.toCharArray(), command, timeout);
    }

    /**
     * Sends {@code line} (wiped by the caller), tracing {@code display} instead of it.
     */
    String run(char[] line, String display, Duration timeout) {
        lock.lock();
        try {
            buffer.setLength(0);
        } finally {
            lock.unlock();
        }
        LOG.debug("{} cli> {}", device, redactor.apply(display));
        byte[] bytes = new byte[line.length + 1];
        try {
            for (int i = 0; i < line.length; i++) {
                bytes[i] = (byte) line[i];
            }
            bytes[line.length] = '\n';
            toDevice.write(bytes);
            toDevice.flush();
        } catch (IOException e) {
            throw new DriverException(Kind.SESSION_LOST, device, "SSH shell closed while sending '"
                    + redactor.apply(display) + "'", e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        String out = awaitPrompt(timeout, redactor.apply(display));
        String echoless = stripEcho(out, line);
        if (LOG.isDebugEnabled() && !echoless.isBlank()) {
            LOG.debug("{} cli< {}", device, redactor.apply(echoless).replace("\n", "\n    "));
        }
        return echoless;
    }

    private String awaitPrompt(Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                String text = clean(buffer);
                Matcher m = PROMPT.matcher(text);
                if (m.find()) {
                    prompt = m.group(1);
                    return text.substring(0, m.start()).replaceFirst("\\n$", "");
                }
                if (QUESTION.matcher(text).find()) {
                    throw new DriverException(Kind.PROTOCOL, device, "the device asked a question after '" + what
                            + "': " + redactor.apply(lastLine(text)));
                }
                if (eof) {
                    throw new DriverException(Kind.SESSION_LOST, device, "SSH shell closed by the device after '" + what + "'");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new DriverException(Kind.TIMEOUT, device, "no prompt within " + timeout + " after '" + what
                            + "' (last output: " + redactor.apply(lastLine(text)) + ")");
                }
                arrived.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(Kind.TIMEOUT, device, "interrupted while waiting for the prompt", e);
        } finally {
            lock.unlock();
        }
    }

    private void pump(InputStream in) {
        byte[] chunk = new byte[8192];
        try {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                String s = new String(chunk, 0, n, StandardCharsets.UTF_8);
                lock.lock();
                try {
                    buffer.append(s);
                    arrived.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("{}: SSH shell read ended: {}", device, e.getMessage());
        } finally {
            Arrays.fill(chunk, (byte) 0);
            lock.lock();
            try {
                eof = true;
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private static String clean(CharSequence raw) {
        return ANSI.matcher(raw).replaceAll("").replace("\r", "");
    }

    /** Drops the device's echo of the command: the first line when it ends with what was sent. */
    private static String stripEcho(String out, char[] line) {
        int nl = out.indexOf('\n');
        String first = (nl < 0 ? out : out.substring(0, nl)).stripTrailing();
        int end = line.length;
        while (end > 0 && Character.isWhitespace(line[end - 1])) {
            end--;
        }
        int start = 0;
        while (start < end && Character.isWhitespace(line[start])) {
            start++;
        }
        int len = end - start;
        if (len == 0 || first.length() < len) {
            return out;
        }
        // Compared char by char so a key-string line never becomes a String here.
        for (int i = 0; i < len; i++) {
            if (first.charAt(first.length() - len + i) != line[start + i]) {
                return out;
            }
        }
        return nl < 0 ? "" : out.substring(nl + 1);
    }

    private static String lastLine(String text) {
        String t = text.strip();
        return t.substring(t.lastIndexOf('\n') + 1);
    }

    @Override
    public void close() {
        try {
            channel.close(false).await(2, TimeUnit.SECONDS);
        } catch (IOException | RuntimeException e) {
            channel.close(true);
        }
    }
}
