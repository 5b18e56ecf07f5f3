package org.qkdmacsec.harness.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.KeyPlan;

/**
 * A device as its vendor documents it, in memory, for the fault search. One committed configuration
 * per port; one configuration lock (the shared candidate's, taken by staging and released by commit
 * or discard); a commit with a confirm window becomes pending and rolls back by itself at its deadline
 * unless confirmed, and any later commit confirms it (Junos "commit" after "commit confirmed"; IOS-XR
 * likewise); a restart loses what was not committed (and, for Linux, the SAs themselves, which are
 * runtime state). Every committed change is fed to the ground truth (the MKA link model or the static
 * SA model), timestamped when it takes effect.
 */
final class ModelDevice {
    /** A confirmed-commit awaiting confirmation: the configuration it replaced and when it rolls back. */
    private record Pending(Map<String, PortConfig> previous, Instant rollbackAt, Set<String> ckns) { }

    private record Staged(String session, Map<String, KeyPlan> plans, Map<String, String> caks) { }

    final String name;
    final Flavor flavor;
    final boolean commitConfirmed;
    private final World world;
    private final Map<String, PortConfig> committed = new LinkedHashMap<>();
    private final Map<String, Staged> candidates = new HashMap<>();
    private final Set<String> liveSessions = new HashSet<>();
    private Pending pending;
    private String lockHolder;
    private Duration clockOffset = Duration.ZERO;
    private Duration commitLatency = Duration.ZERO;
    private boolean up = true;
    private int sessionCount;

    ModelDevice(String name, Flavor flavor, boolean commitConfirmed, World world) {
        this.name = name;
        this.flavor = flavor;
        this.commitConfirmed = commitConfirmed;
        this.world = world;
    }

    // --- the world's hands -----------------------------------------------------------------------------

    void addPort(String port, PortConfig initial) {
        committed.put(port, initial);
        world.truth().feed(this, port, initial, clockOffset, now());
    }

    void commitLatency(Duration d) {
        commitLatency = d;
    }

    Duration commitLatency() {
        return commitLatency;
    }

    Duration clockOffset() {
        return clockOffset;
    }

    void jumpClock(Duration d) {
        tick();
        clockOffset = clockOffset.plus(d);
        feedAll(now());
    }

    boolean up() {
        return up;
    }

    /** Down: every session ends, candidates and the lock are lost; a pending commit survives or rolls back. */
    void goDown(boolean pendingSurvives) {
        tick();
        up = false;
        liveSessions.clear();
        candidates.clear();
        lockHolder = null;
        if (pending != null && !pendingSurvives) {
            rollBack(now());
        }
        if (flavor == Flavor.LINUX) {
            committed.replaceAll((p, c) -> PortConfig.EMPTY); // SAs are runtime state: a reboot loses them
        }
        committed.keySet().forEach(p -> world.truth().feed(this, p, PortConfig.EMPTY, clockOffset, now()));
    }

    void comeUp() {
        tick();
        up = true;
        feedAll(now());
    }

    PortConfig committed(String port) {
        tick();
        return committed.get(port);
    }

    Map<String, PortConfig> ports() {
        tick();
        return Map.copyOf(committed);
    }

    // --- sessions ---------------------------------------------------------------------------------------

    String connect() {
        tick();
        if (!up) {
            throw new DriverException(DriverException.Kind.CONNECT, name, "connection refused (the device is down)");
        }
        String id = name + "#" + (++sessionCount);
        liveSessions.add(id);
        return id;
    }

    void disconnect(String session) {
        liveSessions.remove(session);
        candidates.remove(session);
        if (session.equals(lockHolder)) {
            lockHolder = null; // the lock ends with its session (uncommitted changes are discarded)
        }
    }

    void checkSession(String session) {
        tick();
        if (!up || !liveSessions.contains(session)) {
            throw new DriverException(DriverException.Kind.SESSION_LOST, name, "the session is gone");
        }
    }

    Instant deviceTime() {
        return now().plus(clockOffset);
    }

    // --- configuration ----------------------------------------------------------------------------------

    /** Loads a plan per port, as one change, under the configuration lock (checked against the running config now). */
    void stage(String session, String candidateId, Map<String, KeyPlan> plans, Map<String, String> caks) {
        checkSession(session);
        if (flavor.scheduled()) {
            if (lockHolder != null && !lockHolder.equals(session)) {
                throw new DriverException(DriverException.Kind.LOCKED, name, "configuration database locked by " + lockHolder);
            }
            lockHolder = session;
        }
        for (Map.Entry<String, KeyPlan> e : plans.entrySet()) {
            PortConfig current = committed.get(e.getKey());
            if (current == null) {
                throw new DriverException(DriverException.Kind.INVALID_REQUEST, name, "no port " + e.getKey());
            }
            current.apply(name, flavor, e.getValue(), a -> caks.get(a.ckn())); // validation, as the device would at load
        }
        candidates.put(candidateId, new Staged(session, Map.copyOf(plans), caks));
    }

    /** Commits a staged candidate; with a window it awaits confirmation. Any commit confirms a pending one. */
    void commit(String session, String candidateId, Duration window) {
        checkSession(session);
        Staged s = candidates.remove(candidateId);
        if (s == null) {
            throw new DriverException(DriverException.Kind.PROTOCOL, name, "candidate " + candidateId + " is not staged");
        }
        if (!window.isZero() && !(flavor.scheduled() && commitConfirmed)) {
            throw new DriverException(DriverException.Kind.UNSUPPORTED, name, "commit confirmed is not available");
        }
        elapse(commitLatency);
        checkSession(session);
        Map<String, PortConfig> next = new LinkedHashMap<>();
        s.plans().forEach((port, plan) -> next.put(port, committed.get(port).apply(name, flavor, plan, a -> s.caks().get(a.ckn()))));
        Map<String, PortConfig> before = Map.copyOf(committed);
        next.forEach((port, cfg) -> before.get(port).keys().stream().filter(k -> cfg.key(k.ckn()).isEmpty())
                .forEach(k -> world.recorder().removed(name, k.ckn(), now())));
        committed.putAll(next);
        confirmPending();
        Set<String> added = new HashSet<>(s.caks().keySet());
        if (!window.isZero()) {
            pending = new Pending(before, now().plus(window), added);
        } else {
            next.keySet().forEach(port -> world.recorder().confirmed(name, port, added, now()));
        }
        next.forEach((port, cfg) -> {
            Set<String> here = new HashSet<>();
            added.forEach(c -> cfg.key(c).ifPresent(k -> here.add(c)));
            world.recorder().committed(name, port, here, !window.isZero(), now());
            world.truth().feed(this, port, cfg, clockOffset, now());
        });
        if (session.equals(lockHolder)) {
            lockHolder = null;
        }
    }

    void confirm(String session) {
        checkSession(session);
        elapse(commitLatency);
        checkSession(session);
        confirmPending();
    }

    void discard(String session, String candidateId) {
        checkSession(session);
        candidates.remove(candidateId);
        if (session.equals(lockHolder)) {
            lockHolder = null;
        }
    }

    /** Linux: transmit switches to {@code ckn}, which must be installed here. */
    void activate(String session, String port, String ckn) {
        checkSession(session);
        PortConfig c = committed.get(port);
        if (c.key(ckn).isEmpty()) {
            throw new DriverException(DriverException.Kind.INVALID_REQUEST, name, "key " + ckn + " is not installed");
        }
        PortConfig next = c.transmitting(ckn.toLowerCase());
        committed.put(port, next);
        world.truth().feed(this, port, next, clockOffset, now());
    }

    /** A pending commit becomes permanent: its keys that are still configured are confirmed. */
    private void confirmPending() {
        if (pending != null) {
            for (Map.Entry<String, PortConfig> e : committed.entrySet()) {
                Set<String> kept = new HashSet<>();
                pending.ckns().forEach(c -> e.getValue().key(c).ifPresent(k -> kept.add(c)));
                world.recorder().confirmed(name, e.getKey(), kept, now());
            }
            world.recorder().rolledBack(name, pending.ckns(), now()); // no longer pending either way
            pending = null;
        }
    }

    /** Applies an overdue rollback at its deadline (devices do it on a timer; we do it when anyone looks). */
    void tick() {
        if (pending != null && !now().isBefore(pending.rollbackAt())) {
            rollBack(pending.rollbackAt());
        }
    }

    Optional<Instant> pendingRollback() {
        return Optional.ofNullable(pending).map(Pending::rollbackAt);
    }

    private void rollBack(Instant at) {
        Map<String, PortConfig> previous = pending.previous();
        Set<String> ckns = pending.ckns();
        pending = null;
        for (Map.Entry<String, PortConfig> e : previous.entrySet()) {
            if (!e.getValue().equals(committed.get(e.getKey()))) {
                committed.put(e.getKey(), e.getValue());
                if (up) {
                    world.truth().feed(this, e.getKey(), e.getValue(), clockOffset, at);
                }
            }
        }
        world.recorder().rolledBack(name, ckns, at);
    }

    private void feedAll(Instant at) {
        committed.forEach((p, c) -> world.truth().feed(this, p, up ? c : PortConfig.EMPTY, clockOffset, at));
    }

    /** Time passes while the device works (a commit's latency): the simulated clock moves on. */
    private void elapse(Duration d) {
        if (!d.isZero()) {
            world.clock().advance(d);
            tick();
        }
    }

    private Instant now() {
        return world.clock().instant();
    }

    List<String> liveSessions() {
        return List.copyOf(liveSessions);
    }

    @Override
    public String toString() {
        return name + "(" + flavor + ")";
    }
}
