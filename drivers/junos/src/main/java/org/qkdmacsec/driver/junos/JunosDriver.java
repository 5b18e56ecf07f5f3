package org.qkdmacsec.driver.junos;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.client.session.ClientSession;
import org.qkdmacsec.spi.Activation;
import org.qkdmacsec.spi.Candidate;
import org.qkdmacsec.spi.Capabilities;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.DeviceFacts;
import org.qkdmacsec.spi.DeviceTarget;
import org.qkdmacsec.spi.DriverContext;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.DriverException.Kind;
import org.qkdmacsec.spi.KeyChainView;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.MacsecDriver;
import org.qkdmacsec.spi.MkaSession;
import org.qkdmacsec.spi.Port;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Junos over NETCONF. Changes go through a private copy of the configuration
 * ({@code <open-configuration><private/>}), so other users' uncommitted edits are never committed
 * with ours: stage loads the key-slot change and returns the device's {@code show | compare}; a
 * confirmed commit uses the RFC 6241 {@code <commit><confirmed/>} with a {@code <confirm-timeout>} in
 * seconds when the device advertises {@code :confirmed-commit}, else {@code commit-configuration} with
 * a timeout in whole <em>minutes</em> (a requested window is rounded up, see
 * {@link #effectiveConfirmWindow}); confirm is a plain commit of the same private session. One
 * instance per device; not thread-safe (the engine serialises work per device).
 */
public final class JunosDriver implements MacsecDriver {
    private static final Logger LOG = LoggerFactory.getLogger(JunosDriver.class);
    /** Junos accepts commit-configuration's confirm-timeout 1–65535 minutes. */
    static final long MAX_CONFIRM_MINUTES = 65_535;
    /** RFC 6241 §8.4 confirm-timeout is a uint32 of seconds. */
    static final long MAX_CONFIRM_SECONDS = 4_294_967_295L;
    static final Set<String> CONFIRMED_COMMIT_CAPABILITIES = Set.of(
            "urn:ietf:params:netconf:capability:confirmed-commit:1.0",
            "urn:ietf:params:netconf:capability:confirmed-commit:1.1");
    private static final int MAX_DESCRIPTION = 900;
    private static final Capabilities CAPABILITIES = new Capabilities(Activation.SCHEDULED, true, false,
            KeyChainChange.MAX_KEY_ID + 1, EnumSet.allOf(CipherSuite.class), true);

    private final DeviceTarget target;
    private final DriverContext context;
    private final ClientSession ssh;
    private final NetconfSession netconf;
    private final AtomicLong sequence = new AtomicLong();
    private final boolean confirmInSeconds;
    private ZoneId configuredZone;
    private Open open;

    /** The one private configuration session this driver has open, and for which candidate. */
    private record Open(Candidate candidate, Optional<Instant> rollbackAt) { }

    JunosDriver(DeviceTarget target, DriverContext context, ClientSession ssh, NetconfSession netconf) {
        this.target = target;
        this.context = context;
        this.ssh = ssh;
        this.netconf = netconf;
        this.confirmInSeconds = confirmsInSeconds(netconf.hello().capabilities());
    }

    /** The RFC 6241 confirmed commit (seconds) when the device's hello advertises it. */
    static boolean confirmsInSeconds(Set<String> deviceCapabilities) {
        return deviceCapabilities.stream().anyMatch(CONFIRMED_COMMIT_CAPABILITIES::contains);
    }

    /** The framing the session negotiated (for tests and diagnostics). */
    Framing framing() {
        return netconf.framing();
    }

    private String device() {
        return target.name();
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public DeviceFacts facts() {
        ZoneId zone = deviceZone();
        Instant before = context.clock().instant();
        RpcReply uptime = require("get-system-uptime-information", "<get-system-uptime-information/>", Kind.DEVICE_ERROR);
        Instant after = context.clock().instant();
        Instant observedAt = before.plus(Duration.between(before, after).dividedBy(2));
        RpcReply software = require("get-software-information", "<get-software-information/>", Kind.DEVICE_ERROR);
        RpcReply ntp = call("get-ntp-status", "<get-ntp-status/>");
        boolean synced = !ntp.failed() && DeviceReplies.ntpSynchronized(ntp.root());
        if (ntp.failed()) {
            LOG.info("{}: NTP status unavailable, counted as not synchronised: {}", device(), ntp.errorSummary());
        }
        return parsed("device facts", () -> {
            DeviceReplies.Software sw = DeviceReplies.software(software.root());
            return new DeviceFacts(sw.hostname(), "junos", sw.model(), sw.version(),
                    DeviceReplies.currentTime(uptime.root(), zone), observedAt, zone, synced);
        });
    }

    @Override
    public KeyChainView readKeys(Port port) {
        return portConfig(port).view(port);
    }

    @Override
    public List<MkaSession> readMka(Port port) {
        RpcReply mka = require("get-mka-session-information", "<get-mka-session-information><interface-name>"
                + SecureXml.escape(port.interfaceName()) + "</interface-name></get-mka-session-information>", Kind.DEVICE_ERROR);
        RpcReply hakr = call("get-hakr-keychain-information", "<get-hakr-keychain-information/>");
        if (hakr.failed()) {
            LOG.debug("{}: key-chain state unavailable: {}", device(), hakr.errorSummary());
        }
        String summary = hakr.failed() ? "" : DeviceReplies.hakrSummary(hakr.root(), port.keyChain());
        return DeviceReplies.mkaSessions(mka.root(), port.interfaceName(), summary);
    }

    @Override
    public Candidate stage(Port port, KeyPlan plan) {
        // A commit awaiting confirmation may be followed by another change in the same private
        // configuration: its plain commit confirms the pending one too (the SPI's contract, which
        // compensation and recovery rely on). An uncommitted candidate must be settled first.
        boolean pending = open != null && open.rollbackAt().isPresent();
        if (!pending) {
            requireNothingOpen("stage a change");
        }
        PlanValidator.validate(device(), port, plan);
        ZoneId zone = deviceZone();
        KeyChainChange change = KeyChainChange.of(device(), port, plan, portConfig(port), zone);
        if (!change.absent().isEmpty()) {
            LOG.info("{}: keys {} are not in key chain {}: nothing to remove", device(), change.absent(), port.keyChain());
        }
        if (pending) {
            LOG.info("{}: staging on top of {}, which awaits confirmation; committing this confirms both", device(),
                    open.candidate().id());
        } else {
            openPrivate();
        }
        try {
            if (!change.isEmpty()) {
                load(change, port);
            }
            String diff = DeviceReplies.configurationText(require("get-configuration compare",
                    "<get-configuration compare=\"rollback\" rollback=\"0\" format=\"text\"/>", Kind.DEVICE_ERROR).root());
            Candidate c = new Candidate(device() + "#" + sequence.incrementAndGet(), device(), port, diff, context.clock().instant());
            open = new Open(c, Optional.empty());
            return c;
        } catch (RuntimeException e) {
            discardQuietly();
            throw e;
        }
    }

    private void load(KeyChainChange change, Port port) {
        RpcReply r;
        try (WipeableBuffer payload = new WipeableBuffer(1024)) {
            change.render(payload);
            byte[] body = payload.toByteArray();
            try {
                r = call("load-configuration", body);
            } finally {
                Arrays.fill(body, (byte) 0);
            }
        }
        if (r.failed()) {
            throw new DriverException(Kind.DEVICE_ERROR, device(), "the device rejected the change to key chain "
                    + port.keyChain() + " (" + change.summary() + "): " + r.errorSummary());
        }
        LOG.info("{}: staged {}", device(), change.summary());
    }

    @Override
    public void commit(Candidate candidate, Duration confirmWithin) {
        Open o = requireOpen(candidate, false);
        if (confirmWithin.isNegative()) {
            throw new DriverException(Kind.INVALID_REQUEST, device(), "negative confirm window " + confirmWithin);
        }
        boolean confirmed = !confirmWithin.isZero();
        Duration window = confirmed ? effectiveConfirmWindow(confirmWithin) : Duration.ZERO;
        String body;
        if (!confirmed) {
            body = "<commit-configuration/>";
        } else if (confirmInSeconds) {
            body = "<commit><confirmed/><confirm-timeout>" + window.getSeconds() + "</confirm-timeout></commit>";
        } else {
            body = "<commit-configuration><confirmed/><confirm-timeout>" + window.toMinutes() + "</confirm-timeout></commit-configuration>";
        }
        Instant sent = context.clock().instant();
        RpcReply r = commitRpc(body, confirmed
                ? "; if it was applied it rolls back by itself " + window.getSeconds() + " s after " + sent + " unless confirmed"
                : "");
        if (r.failed()) {
            open = null;
            discardQuietly();
            throw commitRefused("commit", r);
        }
        if (confirmed) {
            open = new Open(o.candidate(), Optional.of(sent.plus(window)));
            LOG.info("{}: committed {} confirmed, rolls back within {} s unless confirmed", device(), candidate.id(), window.getSeconds());
        } else {
            finish("committed " + candidate.id());
        }
    }

    /**
     * The window the device will really use: whole seconds with the RFC 6241 confirmed commit, whole
     * minutes with commit-configuration — rounded up either way, so the device never rolls back
     * earlier than asked and the engine's lead covers the real window.
     */
    @Override
    public Duration effectiveConfirmWindow(Duration requested) {
        if (requested.isZero() || requested.isNegative()) {
            return requested;
        }
        return confirmInSeconds ? Duration.ofSeconds(confirmSeconds(device(), requested))
                : Duration.ofMinutes(confirmMinutes(device(), requested));
    }

    /** RFC 6241 confirm-timeout counts seconds: round up to the next whole second. */
    static long confirmSeconds(String device, Duration window) {
        long seconds = Math.max(1, window.getSeconds() + (window.getNano() > 0 ? 1 : 0));
        if (seconds > MAX_CONFIRM_SECONDS) {
            throw new DriverException(Kind.INVALID_REQUEST, device, "confirm window " + window + " exceeds the "
                    + MAX_CONFIRM_SECONDS + " seconds of RFC 6241's confirm-timeout");
        }
        return seconds;
    }

    /** commit-configuration counts minutes: round up so the device never rolls back earlier than asked. */
    static long confirmMinutes(String device, Duration window) {
        long seconds = window.getSeconds() + (window.getNano() > 0 ? 1 : 0);
        long minutes = Math.max(1, (seconds + 59) / 60);
        if (minutes > MAX_CONFIRM_MINUTES) {
            throw new DriverException(Kind.INVALID_REQUEST, device, "confirm window " + window + " exceeds Junos' "
                    + MAX_CONFIRM_MINUTES + " minutes");
        }
        return minutes;
    }

    @Override
    public void confirm(Candidate candidate) {
        Open o = requireOpen(candidate, true);
        String rollback = o.rollbackAt().map(Instant::toString).orElse("?");
        RpcReply r = commitRpc("<commit-configuration/>", "; unless confirmed the change rolls back by itself at about " + rollback);
        if (r.failed()) {
            open = null;
            discardQuietly();
            throw new DriverException(r.errors().stream().anyMatch(RpcError::isLockConflict) ? Kind.LOCKED : Kind.COMMIT_FAILED,
                    device(), "confirming commit refused: " + r.errorSummary() + "; the change rolls back by itself at about " + rollback);
        }
        finish("confirmed " + candidate.id());
    }

    @Override
    public void discard(Candidate candidate) {
        if (open == null || !open.candidate().id().equals(candidate.id())) {
            LOG.debug("{}: discard of {}: nothing open for it", device(), candidate.id());
            return;
        }
        Optional<Instant> rollbackAt = open.rollbackAt();
        open = null;
        require("discard-changes", "<discard-changes/>", Kind.DEVICE_ERROR);
        require("close-configuration", "<close-configuration/>", Kind.DEVICE_ERROR);
        rollbackAt.ifPresentOrElse(
                t -> LOG.warn("{}: discarded {} after a confirmed commit: the device rolls it back by itself at about {}",
                        device(), candidate.id(), t),
                () -> LOG.info("{}: discarded {}", device(), candidate.id()));
    }

    @Override
    public void setDescription(Port port, String text) {
        requireNothingOpen("set a description");
        if (text.length() > MAX_DESCRIPTION || text.chars().anyMatch(Character::isISOControl)) {
            throw new DriverException(Kind.INVALID_REQUEST, device(), "interface description must be at most "
                    + MAX_DESCRIPTION + " characters without control characters");
        }
        openPrivate();
        try {
            RpcReply r = call("load-configuration", "<load-configuration action=\"merge\" format=\"xml\"><configuration>"
                    + "<interfaces><interface><name>" + SecureXml.escape(port.interfaceName()) + "</name><description>"
                    + SecureXml.escape(text) + "</description></interface></interfaces></configuration></load-configuration>");
            if (r.failed()) {
                throw new DriverException(Kind.DEVICE_ERROR, device(), "the device rejected the description of "
                        + port.interfaceName() + ": " + r.errorSummary());
            }
            RpcReply c = commitRpc("<commit-configuration/>", "");
            if (c.failed()) {
                throw commitRefused("commit of the description of " + port.interfaceName(), c);
            }
            require("close-configuration", "<close-configuration/>", Kind.DEVICE_ERROR);
        } catch (RuntimeException e) {
            discardQuietly();
            throw e;
        }
    }

    @Override
    public void close() {
        if (open != null && open.rollbackAt().isPresent()) {
            LOG.warn("{}: closing with {} committed but not confirmed: it rolls back by itself at about {}",
                    device(), open.candidate().id(), open.rollbackAt().get());
        }
        open = null;
        try {
            netconf.close(Duration.ofSeconds(Math.min(5, context.rpcTimeout().toSeconds())));
        } finally {
            ssh.close(true);
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    private PortConfig portConfig(Port port) {
        RpcReply r = require("get-configuration", PortConfig.request(port), Kind.DEVICE_ERROR);
        ZoneId zone = deviceZone();
        return parsed("key chain " + port.keyChain(), () -> PortConfig.parse(r.root(), port, zone));
    }

    /** The zone start-times are rendered in: the inventory's, else {@code system time-zone}, else UTC. */
    private ZoneId deviceZone() {
        if (target.timeZone().isPresent()) {
            return target.timeZone().get();
        }
        if (configuredZone == null) {
            RpcReply r = require("get-configuration", "<get-configuration database=\"committed\" format=\"xml\">"
                    + "<configuration><system><time-zone/></system></configuration></get-configuration>", Kind.DEVICE_ERROR);
            configuredZone = parsed("system time-zone", () -> DeviceReplies.timeZone(r.root())).orElse(ZoneOffset.UTC);
        }
        return configuredZone;
    }

    private void openPrivate() {
        RpcReply r = call("open-configuration", "<open-configuration><private/></open-configuration>");
        if (r.failed()) {
            boolean locked = r.errors().stream().anyMatch(RpcError::isLockConflict);
            throw new DriverException(locked ? Kind.LOCKED : Kind.DEVICE_ERROR, device(),
                    "cannot open a private configuration: " + r.errorSummary());
        }
    }

    /** A commit RPC, turning a lost session or a timeout into an error that says the outcome is unknown. */
    private RpcReply commitRpc(String body, String rollbackNote) {
        try {
            return call(body.startsWith("<commit>") ? "commit" : "commit-configuration", body);
        } catch (DriverException e) {
            if (e.kind() == Kind.SESSION_LOST || e.kind() == Kind.TIMEOUT) {
                open = null;
                String what = e.kind() == Kind.TIMEOUT ? "no reply to the commit in time" : "the NETCONF session was lost during the commit";
                throw new DriverException(e.kind(), device(), what + ": the outcome of the commit is unknown — read the key chain"
                        + " before retrying" + rollbackNote + " (" + e.getMessage().substring(device().length() + 2) + ")", e);
            }
            throw e;
        }
    }

    private DriverException commitRefused(String what, RpcReply r) {
        boolean locked = r.errors().stream().anyMatch(RpcError::isLockConflict);
        return new DriverException(locked ? Kind.LOCKED : Kind.COMMIT_FAILED, device(), what + " refused: " + r.errorSummary());
    }

    private void finish(String what) {
        open = null;
        require("close-configuration", "<close-configuration/>", Kind.DEVICE_ERROR);
        LOG.info("{}: {}", device(), what);
    }

    /** Leaves nothing half-done after a failure: drop the private copy, ignoring further errors. */
    private void discardQuietly() {
        open = null;
        if (!netconf.isOpen()) {
            return;
        }
        try {
            call("discard-changes", "<discard-changes/>");
            call("close-configuration", "<close-configuration/>");
        } catch (DriverException e) {
            LOG.debug("{}: cleaning up the private configuration: {}", device(), e.getMessage());
        }
    }

    private void requireNothingOpen(String what) {
        if (open != null) {
            throw new DriverException(Kind.INVALID_REQUEST, device(), "cannot " + what + " while candidate "
                    + open.candidate().id() + " is " + (open.rollbackAt().isPresent() ? "awaiting confirmation" : "staged")
                    + "; commit, confirm or discard it first");
        }
    }

    private Open requireOpen(Candidate c, boolean awaitingConfirm) {
        if (open == null || !open.candidate().id().equals(c.id())) {
            throw new DriverException(Kind.INVALID_REQUEST, device(), "candidate " + c.id() + " is not open on this session"
                    + (open == null ? "" : " (open: " + open.candidate().id() + ")"));
        }
        if (open.rollbackAt().isPresent() != awaitingConfirm) {
            throw new DriverException(Kind.INVALID_REQUEST, device(), "candidate " + c.id()
                    + (awaitingConfirm ? " was not committed with a confirm window" : " is already committed and awaits confirmation"));
        }
        return open;
    }

    private RpcReply call(String operation, String body) {
        return call(operation, body.getBytes(StandardCharsets.UTF_8));
    }

    private RpcReply call(String operation, byte[] body) {
        RpcReply r = netconf.rpc(operation, body, context.rpcTimeout());
        r.warnings().forEach(w -> LOG.info("{}: {} warning: {}", device(), operation, w.describe()));
        return r;
    }

    private RpcReply require(String operation, String body, Kind onError) {
        RpcReply r = call(operation, body);
        if (r.failed()) {
            throw new DriverException(onError, device(), operation + " failed: " + r.errorSummary());
        }
        return r;
    }

    private <T> T parsed(String what, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new DriverException(Kind.PROTOCOL, device(), "cannot read " + what + ": " + e.getMessage(), e);
        }
    }
}
