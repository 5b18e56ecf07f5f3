package org.qkdmacsec.driver.iosxr;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.sshd.client.session.ClientSession;
import org.qkdmacsec.driver.ssh.SshConnector;
import org.qkdmacsec.spi.DeviceTarget;
import org.qkdmacsec.spi.DriverContext;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.DriverException.Kind;
import org.qkdmacsec.spi.MkaSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IOS-XR over its SSH CLI (host key pinned by {@link SshConnector}). A change is loaded into a
 * {@code configure exclusive} session, shown with {@code show configuration}, then {@code commit}
 * or {@code commit confirmed <seconds>} (confirmed later by a plain {@code commit}), or dropped
 * with {@code abort}. A refused commit is explained with {@code show configuration failed}.
 */
final class CliTransport implements XrTransport {
    private static final Logger LOG = LoggerFactory.getLogger(CliTransport.class);
    /** IOS-XR: {@code commit confirmed <30-300>} seconds, or {@code commit confirmed minutes <n>}. */
    static final Duration MIN_CONFIRM = Duration.ofSeconds(30);
    static final Duration MAX_CONFIRM_SECONDS = Duration.ofSeconds(300);
    private static final Pattern COMMIT_FAILED = Pattern.compile("(?i)%\\s*Failed to commit");
    private static final Pattern NO_SUCH_ITEM = Pattern.compile("(?i)%\\s*No such configuration item");
    private static final Pattern NO_CHANGES = Pattern.compile("(?i)%\\s*No configuration changes to commit");

    private final String device;
    private final SshConnector connector;
    private final ClientSession session;
    private final XrShell shell;
    private final DriverContext context;
    private final Redactor redactor;
    private String staged;
    private boolean awaitingConfirm;
    /** The staged change follows a trial commit of this session: its plain commit confirms that one too. */
    private boolean settlesTrial;

    private CliTransport(String device, SshConnector connector, ClientSession session, XrShell shell,
                         DriverContext context, Redactor redactor) {
        this.device = device;
        this.connector = connector;
        this.session = session;
        this.shell = shell;
        this.context = context;
        this.redactor = redactor;
    }

    static CliTransport open(DeviceTarget target, DriverContext context, Redactor redactor) {
        SshConnector connector = SshConnector.start();
        ClientSession session = null;
        try {
            session = connector.connect(target, context.connectTimeout());
            XrShell shell = XrShell.open(target.name(), session, context.connectTimeout().plus(context.rpcTimeout()), redactor);
            LOG.info("{}: IOS-XR CLI up on SSH port {} (prompt {}, kex {})", target.name(), target.port(),
                    shell.prompt(), SshConnector.negotiatedKex(session));
            return new CliTransport(target.name(), connector, session, shell, context, redactor);
        } catch (RuntimeException e) {
            if (session != null) {
                session.close(true);
            }
            connector.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "cli";
    }

    @Override
    public boolean commitConfirmed() {
        return true;
    }

    @Override
    public ClockReading readClock() {
        Optional<String> version = tolerant("show version").flatMap(CliParsers::version);
        boolean ntp = tolerant("show ntp status").map(CliParsers::ntpSynchronized).orElse(false);
        Instant before = context.clock().instant();
        String out = show("show clock");
        Instant after = context.clock().instant();
        Instant mid = before.plus(Duration.between(before, after).dividedBy(2));
        return CliParsers.clock(out, mid, ntp, shell.hostname(), version)
                .orElseThrow(() -> new DriverException(Kind.PROTOCOL, device, "cannot read the time in 'show clock'"
                        + " output: " + redactor.apply(out.strip())));
    }

    @Override
    public ChainRead readChain(String chain) {
        String out = shell.run("show key chain " + chain, context.rpcTimeout());
        if (CliParsers.error(out).isPresent() && !out.contains("Key-chain:")) {
            return ChainRead.absent();
        }
        return CliParsers.keyChain(out);
    }

    @Override
    public List<MkaSession> readMka(String interfaceName) {
        return CliParsers.mka(show("show macsec mka session interface " + interfaceName + " detail"), interfaceName);
    }

    /** {@code show running-config interface X}; XR answers {@code % No such configuration item(s)} when it has none. */
    @Override
    public InterfaceRead readInterface(String interfaceName) {
        String command = "show running-config interface " + interfaceName;
        String out = shell.run(command, context.rpcTimeout());
        if (CliParsers.error(out).filter(e -> NO_SUCH_ITEM.matcher(e).find()).isPresent()) {
            return InterfaceRead.none();
        }
        String checked = checked(command, out);
        return new InterfaceRead(CliParsers.pskBinding(checked), CliParsers.description(checked));
    }

    @Override
    public String stage(String handle, List<ChainChange> changes) {
        if (staged != null && !awaitingConfirm) {
            throw new DriverException(Kind.LOCKED, device, "CLI change " + staged + " is still staged; commit or discard it first");
        }
        // After 'commit confirmed' the session is still in exclusive configuration mode; IOS-XR lets it
        // take further changes, and the next plain 'commit' confirms the trial commit with them.
        settlesTrial = awaitingConfirm;
        if (!settlesTrial) {
            enterExclusive();
        }
        List<CliCommands.Line> lines = CliCommands.render(changes);
        try {
            for (CliCommands.Line line : lines) {
                String out = shell.run(line.text(), line.display(), context.rpcTimeout());
                Optional<String> error = CliParsers.error(out);
                if (error.isPresent() && !(line.display().startsWith("no key ") && NO_SUCH_ITEM.matcher(error.get()).find())) {
                    abortQuietly();
                    throw new DriverException(Kind.DEVICE_ERROR, device, "'" + line.display() + "' refused: "
                            + redactor.apply(error.get()) + " (configuration session aborted, nothing changed)");
                }
            }
        } finally {
            lines.forEach(CliCommands.Line::wipe);
        }
        staged = handle;
        awaitingConfirm = false;
        String diff = shell.run("show configuration", context.rpcTimeout());
        if (CliParsers.error(diff).isPresent() || diff.isBlank()) {
            diff = lines.stream().map(CliCommands.Line::display).collect(Collectors.joining("\n"));
        }
        return redactor.apply(diff.strip());
    }

    @Override
    public void commit(String handle, Duration confirmWithin) {
        expect(handle, false);
        // After a trial commit of ours (which may have rolled back on the device meanwhile): a new 'commit
        // confirmed' makes this change the one that awaits confirmation, whatever became of the earlier one.
        String command = confirmWithin.isZero() ? "commit" : "commit confirmed " + confirmArgument(confirmWithin);
        String out = shell.run(command, context.rpcTimeout());
        if (NO_CHANGES.matcher(out).find()) {
            // An empty change: a plain commit settles a trial commit still awaiting confirmation, if any.
            leave();
            LOG.info("{}: CLI change {} had nothing to commit", device, handle);
            return;
        }
        if (COMMIT_FAILED.matcher(out).find() || CliParsers.error(out).isPresent()) {
            String why = shell.run("show configuration failed", context.rpcTimeout());
            abortQuietly();
            throw new DriverException(Kind.COMMIT_FAILED, device, "'" + command + "' failed: "
                    + redactor.apply((out.strip() + "\n" + why.strip()).strip()) + " (session aborted, nothing committed)");
        }
        if (confirmWithin.isZero()) {
            leave();
            LOG.info("{}: CLI change {} committed", device, handle);
        } else {
            awaitingConfirm = true;
            LOG.info("{}: CLI change {} committed with '{}', rolls back unless confirmed", device, handle, command);
        }
    }

    @Override
    public void confirm(String handle) {
        expect(handle, true);
        String out = shell.run("commit", context.rpcTimeout());
        if (!NO_CHANGES.matcher(out).find() && (COMMIT_FAILED.matcher(out).find() || CliParsers.error(out).isPresent())) {
            throw new DriverException(Kind.COMMIT_FAILED, device, "confirming commit failed: " + redactor.apply(out.strip())
                    + " (the device rolls the change back when the confirm window ends)");
        }
        leave();
        LOG.info("{}: CLI change {} confirmed", device, handle);
    }

    @Override
    public void discard(String handle) {
        if (staged == null || !staged.equals(handle)) {
            return;
        }
        if (awaitingConfirm) {
            LOG.warn("{}: CLI change {} discarded while awaiting confirmation: the device rolls it back when its"
                    + " confirm window ends", device, handle);
        }
        abortQuietly();
    }

    @Override
    public void close() {
        try {
            if (staged != null) {
                discard(staged);
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: could not abort the configuration session on close: {}", device, e.getMessage());
        } finally {
            shell.close();
            session.close(true);
            connector.close();
        }
    }

    /**
     * The window IOS-XR applies for a requested one: whole seconds, at least 30; above 300 s the CLI
     * counts whole minutes. Always rounded up, never down.
     */
    static Duration effectiveWindow(Duration requested) {
        long seconds = Math.max(MIN_CONFIRM.toSeconds(), (requested.toMillis() + 999) / 1000);
        if (seconds <= MAX_CONFIRM_SECONDS.toSeconds()) {
            return Duration.ofSeconds(seconds);
        }
        return Duration.ofMinutes((seconds + 59) / 60);
    }

    /** {@code 30}…{@code 300} (seconds) or {@code minutes N}, for {@link #effectiveWindow}. */
    static String confirmArgument(Duration requested) {
        Duration window = effectiveWindow(requested);
        return window.compareTo(MAX_CONFIRM_SECONDS) <= 0 ? Long.toString(window.toSeconds()) : "minutes " + window.toMinutes();
    }

    private void enterExclusive() {
        String out = shell.run("configure exclusive", context.rpcTimeout());
        if (CliParsers.error(out).isPresent() || !shell.prompt().contains("(config")) {
            if (shell.prompt().contains("(config")) {
                abortQuietly();
            }
            throw new DriverException(Kind.LOCKED, device, "cannot enter 'configure exclusive': "
                    + redactor.apply(out.strip()));
        }
    }

    private String show(String command) {
        return checked(command, shell.run(command, context.rpcTimeout()));
    }

    /** Show output, or DEVICE_ERROR quoting its {@code %} line. */
    private String checked(String command, String out) {
        Optional<String> error = CliParsers.error(out);
        if (error.isPresent()) {
            throw new DriverException(Kind.DEVICE_ERROR, device, "'" + command + "' failed: " + redactor.apply(error.get()));
        }
        return out;
    }

    private Optional<String> tolerant(String command) {
        String out = shell.run(command, context.rpcTimeout());
        return CliParsers.error(out).isPresent() ? Optional.empty() : Optional.of(out);
    }

    private void expect(String handle, boolean confirmPending) {
        if (staged == null || !staged.equals(handle)) {
            throw new DriverException(Kind.INVALID_REQUEST, device, "no CLI change " + handle + " is staged");
        }
        if (awaitingConfirm != confirmPending) {
            throw new DriverException(Kind.INVALID_REQUEST, device, "CLI change " + handle
                    + (awaitingConfirm ? " was already committed and awaits confirmation" : " was not committed with a confirm window"));
        }
    }

    /** Back to exec mode after a successful commit. */
    private void leave() {
        shell.run("end", context.rpcTimeout());
        staged = null;
        awaitingConfirm = false;
        settlesTrial = false;
    }

    private void abortQuietly() {
        try {
            shell.run("abort", context.rpcTimeout());
        } catch (RuntimeException e) {
            LOG.warn("{}: 'abort' failed: {}", device, e.getMessage());
        } finally {
            staged = null;
            awaitingConfirm = false;
            settlesTrial = false;
        }
    }
}
