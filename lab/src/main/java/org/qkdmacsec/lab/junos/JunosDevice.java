package org.qkdmacsec.lab.junos;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.qkdmacsec.lab.mka.ActivationRule;
import org.qkdmacsec.lab.mka.MkaPort;
import org.qkdmacsec.lab.time.CommitLatency;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * The state of one simulated Junos device, independent of the wire: committed, shared candidate and
 * per-session private databases, the exclusive lock, commit confirmed (shared candidate only) with
 * rollback at its deadline on the lab clock, a commit latency ({@link CommitLatency}), the device
 * clock (lab clock + skew, in the configured zone), and the MKA ports fed on every committed change. All state changes happen under this object's monitor; the MKA model is never
 * read while holding it (the model may call back into {@link #expireDue}).
 */
final class JunosDevice {
    private static final Logger LOG = LoggerFactory.getLogger(JunosDevice.class);

    record Identity(String hostName, String model, String version) {
    }

    /** A commit-confirmed in flight: what to restore, and when (lab time). */
    record Pending(ConfigNode rollbackTo, Instant deadline) {
    }

    record CommitResult(List<RpcError> warnings, boolean privateMode, boolean check, String revision) {
    }

    /** What operational RPCs read, taken in one go under the lock. */
    record Snapshot(Identity identity, String hostName, Instant labNow, Instant deviceNow, ZoneId zone,
                    ConfigNode committed, Instant committedAtLab, String committedBy, Instant bootLab,
                    boolean ntpSynchronized, Map<String, MkaPort> ports) {
    }

    private final Identity identity;
    private final Clock lab;
    private final ZoneId defaultZone;
    private final JunosFaults faults;
    final CommitLatency latency;
    private final RandomGenerator random = new SecureRandom();
    private final Instant bootLab;
    private volatile Duration skew;
    private volatile boolean ntpSynchronized;

    private ConfigNode committed;
    private ConfigNode shared;
    private final RollbackHistory history = new RollbackHistory();
    private Instant committedAtLab;
    private String committedBy = "root";
    private int commitCount;
    private Pending pending;
    private final Sessions sessions = new Sessions();
    private final Map<String, MkaPort> ports = new LinkedHashMap<>();

    JunosDevice(Identity identity, Clock lab, ZoneId zone, Duration skew, boolean ntpSynchronized, JunosFaults faults,
                Duration commitLatency, Element initialConfiguration) {
        this.identity = identity;
        this.lab = lab;
        this.latency = new CommitLatency(lab, commitLatency);
        this.defaultZone = zone;
        this.skew = skew;
        this.ntpSynchronized = ntpSynchronized;
        this.faults = faults;
        this.bootLab = lab.instant();
        ConfigNode base = ConfigLoad.boot(identity.hostName(), zone, initialConfiguration, deviceNow(), random);
        committed = base;
        shared = base.copy();
        history.record(base);
        committedAtLab = bootLab;
    }

    // ---- time ------------------------------------------------------------------------------------

    Instant labNow() {
        return lab.instant();
    }

    Instant deviceNow() {
        return lab.instant().plus(skew);
    }

    Duration skew() {
        return skew;
    }

    synchronized ZoneId zone() {
        return zoneOf(committed);
    }

    private ZoneId zoneOf(ConfigNode cfg) {
        String z = cfg.leaf("system", "time-zone");
        try {
            return z == null ? defaultZone : ZoneId.of(z);
        } catch (DateTimeException e) {
            return defaultZone;
        }
    }

    synchronized void setSkew(Duration newSkew) {
        skew = newSkew;
        feedAll(labNow());
    }

    void setNtpSynchronized(boolean synced) {
        ntpSynchronized = synced;
    }

    // ---- sessions and locks ----------------------------------------------------------------------

    synchronized int openSession(String user) {
        return sessions.open(user, labNow());
    }

    /**
     * Ends a session: its lock is released and its uncommitted exclusive changes and private database
     * dropped (Juniper's XML protocol guide, lock-configuration: "If the Junos XML protocol session ends
     * or the application emits the unlock-configuration tag before the candidate configuration is
     * committed, all changes made to the candidate are discarded"). A pending confirmed commit keeps
     * its rollback deadline.
     */
    synchronized void closeSession(int id) {
        if (sessions.close(id)) {
            shared = committed.copy();
        }
    }

    synchronized int sessionCount() {
        return sessions.count();
    }

    private Sessions.State session(int id) {
        return sessions.get(id);
    }

    /**
     * NETCONF lock on the candidate (= configure exclusive). Refused while another session holds it,
     * and while the shared candidate holds uncommitted changes (RFC 6241 8.3.5.2: "a lock MUST NOT be
     * granted if ... the candidate configuration ... has already been modified"; Junos answers
     * "configuration database modified").
     */
    synchronized void lock(int sid) throws RpcException {
        expireDue();
        denyIfLockedByOther(sid);
        if (sessions.lockHolder() == sid) {
            throw new RpcException(RpcError.error("protocol", "lock-denied", "configuration database already locked by this session").holder(sid));
        }
        if (!shared.sameAs(committed)) {
            throw new RpcException(RpcError.error("protocol", "lock-denied", "configuration database modified"));
        }
        sessions.lock(sid);
    }

    /** Unlock discards what the lock holder left uncommitted (same guide, unlock-configuration). */
    synchronized void unlock(int sid) throws RpcException {
        if (sessions.lockHolder() != sid) {
            throw new RpcException(RpcError.error("protocol", "operation-failed", "configuration database is not locked by this session"));
        }
        shared = committed.copy();
        sessions.unlock();
    }

    private void denyIfLockedByOther(int sid) throws RpcException {
        if (faults.lockRefused()) {
            throw lockDenied(1, "netops", bootLab);
        }
        Sessions.State holder = sessions.lockedByOther(sid);
        if (holder != null) {
            throw lockDenied(holder.id, holder.user, holder.sinceLab);
        }
    }

    private RpcException lockDenied(int holder, String user, Instant sinceLab) {
        return Sessions.lockDenied(holder, user, JunosTime.dateTime(sinceLab.plus(skew), zone()));
    }

    synchronized List<RpcError> openPrivate(int sid) throws RpcException {
        expireDue();
        Sessions.State s = session(sid);
        denyIfLockedByOther(sid);
        if (s.privateOpen) {
            throw new RpcException(RpcError.error("application", "operation-failed", "private configuration database is already open"));
        }
        if (!shared.sameAs(committed)) {
            throw new RpcException(RpcError.error("application", "operation-failed", "shared configuration database modified"));
        }
        s.privateOpen = true;
        s.privateOps.clear();
        return List.of(RpcError.warning("uncommitted changes will be discarded on exit"));
    }

    synchronized void closePrivate(int sid) {
        Sessions.State s = session(sid);
        s.privateOpen = false;
        s.privateOps.clear();
    }

    // ---- databases -------------------------------------------------------------------------------

    /** A copy of the committed configuration, or of the session's candidate (its private one when open). */
    synchronized ConfigNode view(int sid, boolean committedDatabase) throws RpcException {
        expireDue();
        if (committedDatabase) {
            return committed.copy();
        }
        Sessions.State s = session(sid);
        return s.privateOpen ? privateView(s) : shared.copy();
    }

    private ConfigNode privateView(Sessions.State s) throws RpcException {
        return s.privateCandidate(committed);
    }

    /** Loads into the session's private database, or the shared candidate; all-or-nothing. Returns warnings. */
    synchronized List<RpcError> load(int sid, Element configuration, boolean override) throws RpcException {
        expireDue();
        Sessions.State s = session(sid);
        Element prepared = ConfigLoad.prepare(configuration, zone(), random);
        if (s.privateOpen) {
            ConfigNode view = override ? new ConfigNode("configuration") : privateView(s);
            List<RpcError> warnings = ConfigLoad.merge(view, prepared);
            s.privateOps.add(new Sessions.LoadOp(prepared, override));
            return warnings;
        }
        denyIfLockedByOther(sid);
        ConfigNode copy = override ? new ConfigNode("configuration") : shared.copy();
        List<RpcError> warnings = ConfigLoad.merge(copy, prepared);
        shared = copy;
        return warnings;
    }

    synchronized void discard(int sid) throws RpcException {
        Sessions.State s = session(sid);
        if (s.privateOpen) {
            s.privateOps.clear();
            return;
        }
        denyIfLockedByOther(sid);
        shared = committed.copy();
    }

    /** {@code show | compare rollback n} for the session's candidate. */
    synchronized String compare(int sid, int rollback) throws RpcException {
        return ConfigText.diff(history.get(rollback), view(sid, false));
    }

    // ---- commit ----------------------------------------------------------------------------------

    /**
     * Commits (or checks) the session's candidate. {@code confirmWithin} non-null makes it a confirmed
     * commit: unless another commit follows before that much lab time, the previous configuration
     * comes back at the deadline. Any successful commit confirms a pending one.
     */
    CommitResult commit(int sid, boolean check, Duration confirmWithin) throws RpcException {
        synchronized (this) {
            session(sid).refuseConfirmedCommit(confirmWithin);
        }
        if (!check) {
            takeTime();
        }
        synchronized (this) {
            return commitNow(sid, check, confirmWithin);
        }
    }

    /** The injected delay (wall time), then the device's commit latency and any slowdown (on the lab clock). */
    private void takeTime() throws RpcException {
        try {
            Thread.sleep(faults.commitDelay().toMillis());
            latency.elapse(faults.commitSlowdown());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException(RpcError.error("application", "operation-failed", "commit interrupted"));
        }
    }

    private CommitResult commitNow(int sid, boolean check, Duration confirmWithin) throws RpcException {
        expireDue();
        Sessions.State s = session(sid);
        s.refuseConfirmedCommit(confirmWithin);
        if (!check) {
            String failure = faults.takeCommitFailure();
            if (failure != null) {
                throw new RpcException(List.of(RpcError.error("application", "operation-failed", failure), checkoutFailed()));
            }
        }
        denyIfLockedByOther(sid);
        ConfigNode source;
        if (s.privateOpen) {
            if (!shared.sameAs(committed)) {
                throw new RpcException(RpcError.error("application", "operation-failed", "shared configuration database modified"));
            }
            source = privateView(s);
        } else {
            source = shared.copy();
        }
        List<RpcError> found = ConfigValidator.check(source, committed, deviceNow(), zoneOf(source));
        if (RpcError.anyError(found)) {
            List<RpcError> all = new ArrayList<>(found);
            all.add(checkoutFailed());
            throw new RpcException(all);
        }
        if (check) {
            return new CommitResult(found, s.privateOpen, true, null);
        }
        ConfigNode previous = committed;
        Instant now = labNow(); // one reading: the deadline counts from the very instant the commit took effect
        install(source, now, s.user);
        s.privateOps.clear();
        pending = confirmWithin == null ? null
                : new Pending(pending != null ? pending.rollbackTo() : previous, now.plus(confirmWithin));
        LOG.info("{}: commit {} by session {}{}", identity.hostName(), commitCount, sid,
                confirmWithin == null ? "" : " (confirmed, rollback in " + confirmWithin + ")");
        return new CommitResult(found, s.privateOpen, false, "re0-" + committedAtLab.getEpochSecond() + "-" + commitCount);
    }

    private static RpcError checkoutFailed() {
        return RpcError.error("application", "operation-failed", "configuration check-out failed");
    }

    /** NETCONF cancel-commit: roll a pending confirmed commit back now. */
    synchronized void cancelCommit() throws RpcException {
        expireDue();
        if (pending == null) {
            throw new RpcException(RpcError.error("protocol", "operation-failed", "no confirmed commit is pending"));
        }
        Pending p = pending;
        pending = null;
        install(p.rollbackTo().copy(), labNow(), "root");
    }

    /** Rolls back an unconfirmed commit whose deadline has passed; the rollback takes effect at the deadline. */
    synchronized void expireDue() {
        if (pending != null && !labNow().isBefore(pending.deadline())) {
            Pending p = pending;
            pending = null;
            install(p.rollbackTo().copy(), p.deadline(), "root");
            LOG.info("{}: commit not confirmed by {}, rolled back", identity.hostName(), p.deadline());
        }
    }

    synchronized Optional<Instant> pendingRollback() {
        expireDue();
        return Optional.ofNullable(pending).map(Pending::deadline);
    }

    private void install(ConfigNode cfg, Instant atLab, String user) {
        committed = cfg;
        shared = cfg.copy();
        history.record(cfg);
        committedAtLab = atLab;
        committedBy = user;
        commitCount++;
        feedAll(atLab);
    }

    // ---- MKA -------------------------------------------------------------------------------------

    synchronized void attach(String interfaceName, MkaPort port) {
        ports.put(interfaceName, port);
        port.beforeRead(this::expireDue);
        feed(interfaceName, port, labNow());
    }

    private void feedAll(Instant atLab) {
        ports.forEach((name, port) -> feed(name, port, atLab));
    }

    private void feed(String interfaceName, MkaPort port, Instant atLab) {
        port.feed(atLab, MacsecConfig.mkaKeys(committed, interfaceName, zone()), skew, ActivationRule.JUNOS);
    }

    // ---- operational -----------------------------------------------------------------------------

    synchronized Snapshot snapshot() {
        expireDue();
        String host = committed.leaf("system", "host-name");
        return new Snapshot(identity, host == null ? identity.hostName() : host, labNow(), deviceNow(), zone(),
                committed.copy(), committedAtLab, committedBy, bootLab, ntpSynchronized,
                Collections.unmodifiableMap(new LinkedHashMap<>(ports)));
    }

    synchronized ConfigNode committed() {
        expireDue();
        return committed.copy();
    }
}
