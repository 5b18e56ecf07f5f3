package org.qkdmacsec.lab.junos;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.qkdmacsec.lab.mka.ActivationRule;
import org.qkdmacsec.lab.mka.MkaPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * The state of one simulated Junos device, independent of the wire: committed, shared candidate and
 * per-session private databases, the exclusive lock, commit confirmed with rollback at its deadline on
 * the lab clock, the device clock (lab clock + skew, in the configured zone), and the MKA ports fed on
 * every committed change. All state changes happen under this object's monitor; the MKA model is never
 * read while holding it (the model may call back into {@link #expireDue}).
 */
final class JunosDevice {
    private static final Logger LOG = LoggerFactory.getLogger(JunosDevice.class);
    private static final int MAX_ROLLBACKS = 50;
    private static final int FIRST_SESSION_ID = 28001;

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

    private record LoadOp(Element configuration, boolean override) {
    }

    private static final class SessionState {
        final int id;
        final String user;
        final Instant sinceLab;
        boolean privateOpen;
        final List<LoadOp> privateOps = new ArrayList<>();

        SessionState(int id, String user, Instant sinceLab) {
            this.id = id;
            this.user = user;
            this.sinceLab = sinceLab;
        }
    }

    private final Identity identity;
    private final Clock lab;
    private final ZoneId defaultZone;
    private final JunosFaults faults;
    private final RandomGenerator random = new SecureRandom();
    private final Instant bootLab;
    private volatile Duration skew;
    private volatile boolean ntpSynchronized;

    private ConfigNode committed;
    private ConfigNode shared;
    private final List<ConfigNode> history = new ArrayList<>();
    private Instant committedAtLab;
    private String committedBy = "root";
    private int commitCount;
    private int lockHolder;
    private Pending pending;
    private int nextSessionId = FIRST_SESSION_ID;
    private final Map<Integer, SessionState> sessions = new HashMap<>();
    private final Map<String, MkaPort> ports = new LinkedHashMap<>();

    JunosDevice(Identity identity, Clock lab, ZoneId zone, Duration skew, boolean ntpSynchronized, JunosFaults faults,
                Element initialConfiguration) {
        this.identity = identity;
        this.lab = lab;
        this.defaultZone = zone;
        this.skew = skew;
        this.ntpSynchronized = ntpSynchronized;
        this.faults = faults;
        this.bootLab = lab.instant();
        ConfigNode base = new ConfigNode("configuration");
        ConfigNode system = base.add(new ConfigNode("system"));
        system.add(new ConfigNode("host-name", identity.hostName()));
        system.add(new ConfigNode("time-zone", zone.getId()));
        if (initialConfiguration != null) {
            try {
                ConfigLoad.merge(base, ConfigLoad.prepare(initialConfiguration, zone, random));
            } catch (RpcException e) {
                throw new IllegalArgumentException("initial configuration rejected: " + messages(e.errors()), e);
            }
        }
        List<RpcError> problems = ConfigValidator.check(base, base, deviceNow(), zoneOf(base));
        if (RpcError.anyError(problems)) {
            throw new IllegalArgumentException("initial configuration rejected: " + messages(problems));
        }
        committed = base;
        shared = base.copy();
        history.add(base.copy());
        committedAtLab = bootLab;
    }

    private static String messages(List<RpcError> errors) {
        return errors.stream().filter(RpcError::isError)
                .map(e -> (e.path() == null ? "" : e.path() + " ") + e.message()).toList().toString();
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
        int id = nextSessionId++;
        sessions.put(id, new SessionState(id, user, labNow()));
        return id;
    }

    /** Ends a session: its lock is released and its uncommitted exclusive changes and private database dropped. */
    synchronized void closeSession(int id) {
        if (lockHolder == id) {
            shared = committed.copy();
            lockHolder = 0;
        }
        sessions.remove(id);
    }

    synchronized int sessionCount() {
        return sessions.size();
    }

    private SessionState session(int id) {
        SessionState s = sessions.get(id);
        if (s == null) {
            throw new IllegalStateException("session " + id + " is closed");
        }
        return s;
    }

    synchronized void lock(int sid) throws RpcException {
        expireDue();
        denyIfLockedByOther(sid);
        if (lockHolder == sid) {
            throw new RpcException(RpcError.error("protocol", "lock-denied", "configuration database already locked by this session").holder(sid));
        }
        if (!shared.sameAs(committed)) {
            throw new RpcException(RpcError.error("protocol", "lock-denied", "configuration database modified"));
        }
        lockHolder = sid;
    }

    synchronized void unlock(int sid) throws RpcException {
        if (lockHolder != sid) {
            throw new RpcException(RpcError.error("protocol", "operation-failed", "configuration database is not locked by this session"));
        }
        shared = committed.copy();
        lockHolder = 0;
    }

    private void denyIfLockedByOther(int sid) throws RpcException {
        if (faults.lockRefused()) {
            throw lockDenied(1, "netops", bootLab);
        }
        if (lockHolder != 0 && lockHolder != sid) {
            SessionState holder = sessions.get(lockHolder);
            throw lockDenied(lockHolder, holder.user, holder.sinceLab);
        }
    }

    private RpcException lockDenied(int holder, String user, Instant sinceLab) {
        String since = JunosTime.dateTime(sinceLab.plus(skew), zone());
        return new RpcException(RpcError.error("protocol", "lock-denied",
                "configuration database locked by:\n  " + user + " terminal -- (pid " + holder + ") on since " + since
                        + "\n  exclusive [edit]").holder(holder));
    }

    synchronized List<RpcError> openPrivate(int sid) throws RpcException {
        expireDue();
        SessionState s = session(sid);
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
        SessionState s = session(sid);
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
        SessionState s = session(sid);
        return s.privateOpen ? privateView(s) : shared.copy();
    }

    /** The private candidate: the session's loads replayed on the committed configuration. */
    private ConfigNode privateView(SessionState s) throws RpcException {
        ConfigNode base = committed.copy();
        for (LoadOp op : s.privateOps) {
            if (op.override()) {
                base = new ConfigNode("configuration");
            }
            ConfigLoad.merge(base, op.configuration());
        }
        return base;
    }

    /** Loads into the session's private database, or the shared candidate; all-or-nothing. Returns warnings. */
    synchronized List<RpcError> load(int sid, Element configuration, boolean override) throws RpcException {
        expireDue();
        SessionState s = session(sid);
        Element prepared = ConfigLoad.prepare(configuration, zone(), random);
        if (s.privateOpen) {
            ConfigNode view = override ? new ConfigNode("configuration") : privateView(s);
            List<RpcError> warnings = ConfigLoad.merge(view, prepared);
            s.privateOps.add(new LoadOp(prepared, override));
            return warnings;
        }
        denyIfLockedByOther(sid);
        ConfigNode copy = override ? new ConfigNode("configuration") : shared.copy();
        List<RpcError> warnings = ConfigLoad.merge(copy, prepared);
        shared = copy;
        return warnings;
    }

    synchronized void discard(int sid) throws RpcException {
        SessionState s = session(sid);
        if (s.privateOpen) {
            s.privateOps.clear();
            return;
        }
        denyIfLockedByOther(sid);
        shared = committed.copy();
    }

    /** {@code show | compare rollback n} for the session's candidate. */
    synchronized String compare(int sid, int rollback) throws RpcException {
        ConfigNode candidate = view(sid, false);
        if (rollback < 0 || rollback >= history.size()) {
            throw new RpcException(RpcError.error("application", "invalid-value", "rollback " + rollback + " does not exist").bad("rollback"));
        }
        return ConfigText.diff(history.get(rollback), candidate);
    }

    // ---- commit ----------------------------------------------------------------------------------

    /**
     * Commits (or checks) the session's candidate. {@code confirmWithin} non-null makes it a confirmed
     * commit: unless another commit follows before that much lab time, the previous configuration
     * comes back at the deadline. Any successful commit confirms a pending one.
     */
    CommitResult commit(int sid, boolean check, Duration confirmWithin) throws RpcException {
        Duration delay = faults.commitDelay();
        if (!check && !delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RpcException(RpcError.error("application", "operation-failed", "commit interrupted"));
            }
        }
        synchronized (this) {
            return commitNow(sid, check, confirmWithin);
        }
    }

    private CommitResult commitNow(int sid, boolean check, Duration confirmWithin) throws RpcException {
        expireDue();
        SessionState s = session(sid);
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
        history.add(0, cfg.copy());
        if (history.size() > MAX_ROLLBACKS) {
            history.remove(history.size() - 1);
        }
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
