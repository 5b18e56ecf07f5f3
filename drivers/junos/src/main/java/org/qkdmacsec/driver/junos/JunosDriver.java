package org.qkdmacsec.driver.junos;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
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
import org.qkdmacsec.spi.PortChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Junos over NETCONF. Changes go through the shared candidate under the NETCONF lock
 * ({@link SharedCandidate}): stage locks, loads the key-slot change (and the interface description, in
 * the same {@code <load-configuration>}) and returns the device's {@code show | compare}; commit commits
 * — confirmed with the RFC 6241 {@code <commit><confirmed/>} and a {@code <confirm-timeout>} in seconds
 * when the device advertises {@code :confirmed-commit}, else {@code commit-configuration} with a timeout
 * in whole <em>minutes</em> (see {@link #effectiveConfirmWindow}) — and unlocks; confirm locks, commits
 * plainly and unlocks. A confirmed commit of a private copy is not allowed on Junos. One instance per
 * device; not thread-safe (the engine serialises work per device).
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
    /**
     * Start-times (no end-times: the newest started key supersedes the previous one); confirmed commits
     * on the locked candidate; key ids 0–63 (junos-conf-security 24.4R1, key name range "0 .. 63"); the
     * four cipher-suite enums of the same model (a platform may support fewer: the commit check refuses
     * the others); interface descriptions in the same change; up to {@link PortBatch#MAX_PORTS} ports in one
     * change and one commit (why 64: see there).
     */
    static final Capabilities CAPABILITIES = new Capabilities(Activation.SCHEDULED, true, false,
            KeyChainChange.MAX_KEY_ID + 1, EnumSet.allOf(CipherSuite.class), true, PortBatch.MAX_PORTS);

    private final DeviceTarget target;
    private final DriverContext context;
    private final ClientSession ssh;
    private final NetconfSession netconf;
    private final DeviceRpc rpc;
    private final SharedCandidate candidate;
    private final AtomicLong sequence = new AtomicLong();
    private final boolean confirmInSeconds;
    private final Duration lockWait;
    private ZoneId deviceZone;
    /** Staged under our lock, not yet committed. */
    private Candidate staged;
    /** Committed with a confirm window and not yet confirmed (the lock is released meanwhile). */
    private Pending pending;

    private record Pending(Candidate candidate, Instant rollbackAt) { }

    JunosDriver(DeviceTarget target, DriverContext context, ClientSession ssh, NetconfSession netconf, Duration lockWait) {
        this.target = target;
        this.lockWait = lockWait;
        this.context = context;
        this.ssh = ssh;
        this.netconf = netconf;
        this.rpc = new DeviceRpc(target.name(), netconf, context.rpcTimeout());
        this.candidate = new SharedCandidate(rpc);
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
        RpcReply uptime = rpc.require("get-system-uptime-information", "<get-system-uptime-information/>", Kind.DEVICE_ERROR);
        Instant after = context.clock().instant();
        Instant observedAt = before.plus(Duration.between(before, after).dividedBy(2));
        RpcReply software = rpc.require("get-software-information", "<get-software-information/>", Kind.DEVICE_ERROR);
        RpcReply ntp = rpc.call("get-ntp-status", "<get-ntp-status/>");
        boolean synced = !ntp.failed() && DeviceReplies.ntpSynchronized(ntp.root());
        if (ntp.failed()) {
            LOG.info("{}: NTP status unavailable, counted as not synchronised: {}", device(), ntp.errorSummary());
        }
        return rpc.parsed("device facts", () -> {
            DeviceReplies.Software sw = DeviceReplies.software(software.root());
            return new DeviceFacts(sw.hostname(), "junos", sw.model(), sw.version(),
                    DeviceReplies.currentTime(uptime.root(), zone), observedAt, zone, synced);
        });
    }

    @Override
    public KeyChainView readKeys(Port port) {
        return portConfig(port, "committed").view(port);
    }

    @Override
    public List<MkaSession> readMka(Port port) {
        RpcReply mka = rpc.require("get-mka-session-information", "<get-mka-session-information><interface-name>"
                + SecureXml.escape(port.interfaceName()) + "</interface-name></get-mka-session-information>", Kind.DEVICE_ERROR);
        RpcReply hakr = rpc.call("get-hakr-keychain-information", "<get-hakr-keychain-information/>");
        if (hakr.failed()) {
            LOG.debug("{}: key-chain state unavailable: {}", device(), hakr.errorSummary());
        }
        String summary = hakr.failed() ? "" : DeviceReplies.hakrSummary(hakr.root(), port.keyChain());
        return DeviceReplies.mkaSessions(mka.root(), port.interfaceName(), summary);
    }

    /**
     * Locks the shared candidate, loads the change and returns the device's diff. A commit still
     * awaiting confirmation may be followed by another change: its plain commit confirms the pending
     * one too (the SPI's contract, which compensation and recovery rely on).
     */
    @Override
    public Candidate stage(Port port, KeyPlan plan) {
        return stage(List.of(new PortChange(port, plan)));
    }

    /**
     * Several ports in one candidate: one lock, one filtered read of every port's committed configuration, one
     * {@code <load-configuration>} carrying every port's keys, CA and bindings ({@link KeyChainChange#render(List,
     * WipeableBuffer)}), one read of the candidate to check every new key's start-time, and one {@link Candidate}
     * that one commit and one confirm cover. A refusal anywhere — a plan, the load, a start-time read back in
     * another zone — discards the whole candidate and unlocks: nothing of any port stays staged.
     */
    @Override
    public Candidate stage(List<PortChange> changes) {
        if (staged != null) {
            throw new DriverException(Kind.INVALID_REQUEST, device(), "cannot stage a change while candidate " + staged.id()
                    + " is staged; commit or discard it first");
        }
        PortBatch.check(device(), changes);
        changes.forEach(c -> PlanValidator.validate(device(), c.port(), c.plan()));
        ZoneId zone = deviceZone();
        Map<String, PortConfig> committed = portConfigs(changes.stream().map(PortChange::port).toList(), "committed");
        List<KeyChainChange> parts = changes.stream().map(c -> KeyChainChange.of(device(), c.port(), c.plan(),
                committed.get(c.port().interfaceName()), zone)).toList();
        parts.stream().filter(c -> !c.absent().isEmpty()).forEach(c -> LOG.info("{}: keys {} are not in key chain {}: nothing to"
                + " remove", device(), c.absent(), c.port().keyChain()));
        if (pending != null) {
            LOG.info("{}: staging on top of {}, which awaits confirmation; committing this confirms both", device(),
                    pending.candidate().id());
        }
        List<KeyChainChange> loaded = parts.stream().filter(c -> !c.isEmpty()).toList();
        candidate.lock("stage a change to key chain" + (parts.size() == 1 ? " " : "s ")
                + parts.stream().map(c -> c.port().keyChain()).collect(Collectors.joining(", ")), lockWait);
        try {
            if (!loaded.isEmpty()) {
                candidate.load(loaded);
                loaded.forEach(c -> LOG.info("{}: staged {}", device(), c.summary()));
                List<KeyChainChange> adding = loaded.stream().filter(c -> !c.adds().isEmpty()).toList();
                Map<String, PortConfig> candidateConfig = portConfigs(adding.stream().map(KeyChainChange::port).toList(), "candidate");
                adding.forEach(c -> StartTimeCheck.verify(device(), c, candidateConfig.get(c.port().interfaceName())));
            }
            Candidate c = new Candidate(device() + "#" + sequence.incrementAndGet(), device(), changes.get(0).port(),
                    candidate.diff(), context.clock().instant());
            staged = c;
            return c;
        } catch (RuntimeException e) {
            candidate.discardQuietly();
            throw e;
        }
    }

    @Override
    public void commit(Candidate c, Duration confirmWithin) {
        requireStaged(c);
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
        staged = null;
        RpcReply r;
        try {
            r = candidate.commit(body, confirmed ? "; if it was applied it rolls back by itself " + window.getSeconds()
                    + " s after it completed (at the earliest " + sent.plus(window) + ") unless confirmed" : "");
        } catch (DriverException e) {
            if (e.kind() == Kind.SESSION_LOST) {
                pending = null;
            }
            throw e;
        }
        if (r.failed()) {
            candidate.discardQuietly();
            throw commitRefused("commit", r);
        }
        candidate.unlock();
        if (confirmed) {
            // The device's timer starts when the commit completes: no later than its reply arrived.
            pending = new Pending(c, context.clock().instant().plus(window));
            LOG.info("{}: committed {} confirmed, rolls back within {} s unless confirmed", device(), c.id(), window.getSeconds());
        } else {
            pending = null;
            LOG.info("{}: committed {}", device(), c.id());
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

    /**
     * Lock, plain commit, unlock. Any commit confirms a pending confirmed commit on Junos, whoever
     * makes it; if the lock is held by someone else the change rolls back by itself at its deadline,
     * and the pending state is kept so a later confirm may still succeed.
     */
    @Override
    public void confirm(Candidate c) {
        if (pending == null || !pending.candidate().id().equals(c.id())) {
            throw new DriverException(Kind.INVALID_REQUEST, device(), "candidate " + c.id() + " is not awaiting confirmation"
                    + " on this session" + (staged != null && staged.id().equals(c.id()) ? " (it is staged, not committed)" : ""));
        }
        String rollback = "; unless confirmed the change rolls back by itself at about " + pending.rollbackAt();
        try {
            // Waiting past the rollback would confirm nothing: stop a second before it.
            Duration untilRollback = Duration.between(context.clock().instant(), pending.rollbackAt()).minusSeconds(1);
            candidate.lock("confirm commit " + c.id(), untilRollback.compareTo(lockWait) < 0 ? untilRollback : lockWait);
        } catch (DriverException e) {
            throw new DriverException(Kind.LOCKED, device(), e.getMessage().substring(device().length() + 2) + rollback, e);
        }
        RpcReply r;
        try {
            r = candidate.commit("<commit-configuration/>", rollback);
        } catch (DriverException e) {
            pending = null;
            throw e;
        }
        if (r.failed()) {
            candidate.discardQuietly();
            pending = null;
            throw new DriverException(r.errors().stream().anyMatch(RpcError::isLockConflict) ? Kind.LOCKED : Kind.COMMIT_FAILED,
                    device(), "confirming commit refused: " + r.errorSummary() + rollback);
        }
        candidate.unlock();
        pending = null;
        LOG.info("{}: confirmed {}", device(), c.id());
    }

    /**
     * A staged change: discard-changes, unlock. A change committed with a window cannot be taken back
     * here (this driver never rolls a configuration back): the device rolls it back at its deadline.
     */
    @Override
    public void discard(Candidate c) {
        if (staged != null && staged.id().equals(c.id())) {
            staged = null;
            try {
                rpc.require("discard-changes", "<discard-changes/>", Kind.DEVICE_ERROR);
            } finally {
                candidate.unlock(); // unlocking discards what is left uncommitted too
            }
            LOG.info("{}: discarded {}", device(), c.id());
        } else if (pending != null && pending.candidate().id().equals(c.id())) {
            LOG.warn("{}: discarded {} after a confirmed commit: the device rolls it back by itself at about {}",
                    device(), c.id(), pending.rollbackAt());
            pending = null;
        } else {
            LOG.debug("{}: discard of {}: nothing open for it", device(), c.id());
        }
    }

    @Override
    public void close() {
        if (pending != null) {
            LOG.warn("{}: closing with {} committed but not confirmed: it rolls back by itself at about {}",
                    device(), pending.candidate().id(), pending.rollbackAt());
        }
        if (staged != null) {
            candidate.discardQuietly();
        }
        staged = null;
        pending = null;
        try {
            netconf.close(Duration.ofSeconds(Math.min(5, context.rpcTimeout().toSeconds())));
        } finally {
            ssh.close(true);
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    private PortConfig portConfig(Port port, String database) {
        return portConfigs(List.of(port), database).get(port.interfaceName());
    }

    /** Every port's configuration from one filtered get-configuration, by interface name. */
    private Map<String, PortConfig> portConfigs(List<Port> ports, String database) {
        Map<String, PortConfig> out = new HashMap<>();
        if (ports.isEmpty()) {
            return out;
        }
        RpcReply r = rpc.require("get-configuration", PortConfig.request(ports, database), Kind.DEVICE_ERROR);
        ZoneId zone = deviceZone();
        ports.forEach(p -> out.put(p.interfaceName(), rpc.parsed("key chain " + p.keyChain(), () -> PortConfig.parse(r.root(), p, zone))));
        return out;
    }

    /** The zone the device reads start-times in ({@link DeviceZone}); read once per session. */
    private ZoneId deviceZone() {
        if (deviceZone == null) {
            RpcReply r = rpc.require("get-configuration", "<get-configuration database=\"committed\" format=\"xml\">"
                    + "<configuration><system><time-zone/></system></configuration></get-configuration>", Kind.DEVICE_ERROR);
            deviceZone = DeviceZone.resolve(device(), DeviceReplies.timeZoneText(r.root()), target.timeZone(), target.options());
        }
        return deviceZone;
    }

    private DriverException commitRefused(String what, RpcReply r) {
        boolean locked = r.errors().stream().anyMatch(RpcError::isLockConflict);
        return new DriverException(locked ? Kind.LOCKED : Kind.COMMIT_FAILED, device(), what + " refused: " + r.errorSummary());
    }

    private void requireStaged(Candidate c) {
        if (staged == null || !staged.id().equals(c.id())) {
            throw new DriverException(Kind.INVALID_REQUEST, device(), "candidate " + c.id() + " is not staged on this session"
                    + (pending != null && pending.candidate().id().equals(c.id()) ? " (it was committed and awaits confirmation)"
                    : staged == null ? "" : " (staged: " + staged.id() + ")"));
        }
    }
}
