package org.qkdmacsec.controller.engine;

import org.qkdmacsec.controller.keys.DerivedKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.qkdmacsec.controller.engine.LinkSpec.Side;
import org.qkdmacsec.controller.journal.LinkStateRecord;
import org.qkdmacsec.controller.journal.TxnKey;
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.controller.journal.TxnState;
import org.qkdmacsec.spi.Activation;
import org.qkdmacsec.spi.Candidate;
import org.qkdmacsec.spi.Capabilities;
import org.qkdmacsec.spi.DeviceFacts;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.KeyChainView;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.KeySlot;
import org.qkdmacsec.spi.MacsecDriver;
import org.qkdmacsec.spi.MkaSession;
import org.qkdmacsec.spi.Port;

/**
 * One rollover transaction for one link (ARCHITECTURE.md "One rollover"): preflight gates, fetch,
 * stage A then B with commit confirmed, confirm both before the start-time, verify after it, retire
 * the previous key after the overlap. Anything that fails before both confirmations removes only our
 * own staged keys, wherever they are, and ends ABORTED with the old key still active.
 *
 * <p>Steps run one after another on the scheduler's workers; waits are timers, not blocked threads.
 * An instance is confined to one step at a time, so it needs no locking of its own.
 */
final class Rollover {
    /** What we have done on one side; drives compensation. */
    private enum SideState { NONE, STAGED, COMMITTED_PENDING, CONFIRMED, ACTIVATED }

    private final RolloverEngine engine;
    private final RolloverRequest request;
    private final LinkSpec link;
    private final CompletableFuture<RolloverResult> result = new CompletableFuture<>();
    private final Instant begunAt;
    private final Map<Side, SideState> sides = new EnumMap<>(Side.class);
    private final Map<Side, Candidate> candidates = new EnumMap<>(Side.class);
    private final Map<Side, Port> ports = new EnumMap<>(Side.class);
    private final List<String> notes = new ArrayList<>();

    private TxnRecord txn;
    private Activation activation;
    private final Map<Side, Boolean> sideEndTimes = new EnumMap<>(Side.class);
    private Duration confirmWindow = Duration.ZERO;
    private Duration lead;
    private Optional<String> previousCkn = Optional.empty();
    private int keysNeeded;
    private List<DerivedKey> keys = List.of();
    private final List<String> newCkns = new ArrayList<>();
    private Instant start;
    private Instant fetchStartedAt;
    private Instant verifyDeadline;
    private boolean devicesHeld;

    Rollover(RolloverEngine engine, RolloverRequest request) {
        this.engine = engine;
        this.request = request;
        this.link = request.link();
        this.begunAt = engine.clock().instant();
        sides.put(Side.A, SideState.NONE);
        sides.put(Side.B, SideState.NONE);
    }

    CompletableFuture<RolloverResult> result() {
        return result;
    }

    String linkId() {
        return link.id();
    }

    // --- PLANNED: preflight gates -----------------------------------------------------------------

    void begin() {
        if (request.mode() != RolloverRequest.Mode.PLAN) {
            txn = engine.journal().begin(link.id(), Optional.empty());
        }
        step("PLANNED", Optional.empty(), Duration.ZERO, "OK", request.immediate() ? "immediate" : "scheduled");
        engine.scheduler().execute(() -> guarded(this::preflight));
    }

    private void preflight() {
        Instant t0 = now();
        Map<Side, DeviceFacts> facts = new EnumMap<>(Side.class);
        Map<Side, Capabilities> caps = new EnumMap<>(Side.class);
        Map<Side, KeyChainView> views = new EnumMap<>(Side.class);
        for (Side s : Side.values()) {
            MacsecDriver d = driver(s, Reason.DEVICE_UNREACHABLE);
            facts.put(s, call(s, Reason.DEVICE_UNREACHABLE, d::facts));
            caps.put(s, call(s, Reason.DEVICE_UNREACHABLE, d::capabilities));
        }
        checkClocks(facts);
        if (caps.get(Side.A).activation() != caps.get(Side.B).activation()) {
            throw new GateRefusal(Reason.ACTIVATION_MISMATCH, "the ends activate keys differently (" + device(Side.A) + ": "
                    + caps.get(Side.A).activation() + ", " + device(Side.B) + ": " + caps.get(Side.B).activation()
                    + "); a link needs two ends of the same kind");
        }
        activation = caps.get(Side.A).activation();
        caps.forEach((s, c) -> sideEndTimes.put(s, c.keyEndTimes()));
        for (Side s : Side.values()) {
            ports.put(s, link.end(s).port());
            views.put(s, call(s, Reason.DEVICE_UNREACHABLE, () -> driver(s, Reason.DEVICE_UNREACHABLE).readKeys(ports.get(s))));
        }
        // Each end may need facts about the other (Linux: the peer's MAC for its receive channel).
        for (Side s : Side.values()) {
            ports.put(s, ports.get(s).withPeer(views.get(s.other()).attributes()));
        }
        Instant now = now();
        Optional<String> activeA = activeCkn(views.get(Side.A), now);
        Optional<String> activeB = activeCkn(views.get(Side.B), now);
        if (!activeA.equals(activeB)) {
            throw new GateRefusal(Reason.ACTIVE_KEY_DIFFERS, "active keys differ: " + device(Side.A) + " uses "
                    + shortCkn(activeA) + ", " + device(Side.B) + " uses " + shortCkn(activeB));
        }
        previousCkn = activeA;
        boolean bootstrap = views.get(Side.A).slots().isEmpty() && views.get(Side.B).slots().isEmpty();
        if (activation == Activation.SCHEDULED) {
            Map<String, Instant> futureA = futureKeys(views.get(Side.A), now);
            Map<String, Instant> futureB = futureKeys(views.get(Side.B), now);
            if (!sameSchedule(futureA, futureB)) {
                throw new GateRefusal(Reason.FUTURE_KEYS_DIFFER, "future keys differ: " + device(Side.A) + " has "
                        + describe(futureA) + ", " + device(Side.B) + " has " + describe(futureB));
            }
        }
        if (bootstrap) {
            notes.add("bootstrap: neither end had a key; the link is secured from the first start-time on");
        } else {
            for (Side s : Side.values()) {
                checkMkaSecured(s, activeA.orElseThrow());
            }
        }
        KeyRingPlanner.Plan plan = planAt(views.get(Side.A), now, provisionalLead());
        keysNeeded = plan.adds().size();
        if (keysNeeded > 0 && request.mode() == RolloverRequest.Mode.EXECUTE) {
            try {
                engine.keySupply().check(link, keysNeeded);
            } catch (KeySupplyException e) {
                throw new GateRefusal(e.reason(), e.getMessage(), e);
            }
        }
        step("PREFLIGHT", Optional.empty(), Duration.between(t0, now()), "OK", "active " + shortCkn(activeA)
                + ", " + keysNeeded + " key(s) to add" + (bootstrap ? ", bootstrap" : ""));
        if (request.mode() == RolloverRequest.Mode.PLAN) {
            describePlan(plan, views.get(Side.A), now);
        } else if (request.mode() == RolloverRequest.Mode.DRY_RUN) {
            withDevices(this::dryRun);
        } else if (keysNeeded == 0) {
            // Keyring full: the periodic run only retires consumed keys.
            withDevices(this::retire);
        } else {
            engine.scheduler().execute(() -> guarded(this::fetch));
        }
    }

    private void checkClocks(Map<Side, DeviceFacts> facts) {
        Duration bound = engine.config().skewBound();
        for (Side s : Side.values()) {
            DeviceFacts f = facts.get(s);
            if (f.clockOffset().abs().compareTo(bound) > 0) {
                throw new GateRefusal(Reason.CLOCK_SKEW, device(s) + "'s clock is " + seconds(f.clockOffset())
                        + " off the controller's (bound " + seconds(bound) + "); fix NTP before rolling keys");
            }
            if (link.end(s).requireNtp() && !f.ntpSynchronized()) {
                throw new GateRefusal(Reason.NTP_UNSYNCHRONISED, device(s) + " does not report NTP synchronisation;"
                        + " start-times on both ends must agree");
            }
        }
        Duration between = facts.get(Side.A).clockOffset().minus(facts.get(Side.B).clockOffset()).abs();
        if (between.compareTo(bound) > 0) {
            throw new GateRefusal(Reason.CLOCK_SKEW, "the ends' clocks differ by " + seconds(between) + " (bound "
                    + seconds(bound) + ")");
        }
    }

    private void checkMkaSecured(Side s, String ckn) {
        List<MkaSession> sessions = call(s, Reason.DEVICE_UNREACHABLE, () -> driver(s, Reason.DEVICE_UNREACHABLE).readMka(ports.get(s)));
        boolean secured = sessions.stream().anyMatch(m -> m.ckn().equalsIgnoreCase(ckn) && m.secured());
        if (!secured) {
            throw new GateRefusal(Reason.MKA_NOT_SECURED, device(s) + " does not report MKA secured with the active key "
                    + shortCkn(Optional.of(ckn)) + " (" + summarize(sessions) + "); a rollover now could not be verified");
        }
    }

    // --- recovery ------------------------------------------------------------------------------------

    /** A transaction found unfinished in the journal at start-up (crash, kill -9, a dead HA peer). */
    static Rollover resume(RolloverEngine engine, TxnRecord record, LinkSpec link) {
        Rollover r = new Rollover(engine, RolloverRequest.immediate(link));
        r.txn = record;
        r.start = record.startTime().orElse(null);
        r.lead = record.lead().orElse(null);
        r.confirmWindow = record.confirmWindow().orElse(Duration.ZERO);
        r.previousCkn = record.previousCkn();
        record.keys().forEach(k -> r.newCkns.add(k.ckn()));
        return r;
    }

    /**
     * The devices are the truth: if both ends hold every key the transaction added, finish it
     * (settle any pending confirmation, verify, retire); otherwise remove ours wherever it is.
     */
    void reconcile() {
        step("RECOVERY", Optional.empty(), Duration.ZERO, "OK", "found in state " + txn.state() + " (owner " + txn.owner() + ")");
        withDevices(this::reconcileWithDevices);
    }

    private void reconcileWithDevices() {
        if (newCkns.isEmpty()) {
            finish(TxnState.ABORTED, Optional.of(Reason.RECOVERED), "interrupted before any key was staged; nothing to undo");
            return;
        }
        Map<Side, KeyChainView> views = new EnumMap<>(Side.class);
        for (Side s : Side.values()) {
            MacsecDriver d = driver(s, Reason.DEVICE_UNREACHABLE);
            Capabilities c = call(s, Reason.DEVICE_UNREACHABLE, d::capabilities);
            activation = c.activation();
            sideEndTimes.put(s, c.keyEndTimes());
            ports.put(s, link.end(s).port());
            views.put(s, call(s, Reason.DEVICE_UNREACHABLE, () -> d.readKeys(ports.get(s))));
        }
        for (Side s : Side.values()) {
            ports.put(s, ports.get(s).withPeer(views.get(s.other()).attributes()));
        }
        Map<Side, Boolean> all = new EnumMap<>(Side.class);
        for (Side s : Side.values()) {
            KeyChainView v = views.get(s);
            all.put(s, newCkns.stream().allMatch(c -> v.slot(c).isPresent()));
            boolean any = newCkns.stream().anyMatch(c -> v.slot(c).isPresent());
            boolean sending = v.activeSendCkn().map(c -> newCkns.contains(c.toLowerCase(Locale.ROOT))).orElse(false);
            sides.put(s, !any ? SideState.NONE : activation == Activation.IMMEDIATE && sending ? SideState.ACTIVATED : SideState.COMMITTED_PENDING);
        }
        if (!(all.get(Side.A) && all.get(Side.B))) {
            fail(Reason.RECOVERED, "after a restart the new key was found on " + (sides.get(Side.A) != SideState.NONE ? device(Side.A) : "")
                    + (sides.get(Side.B) != SideState.NONE ? " " + device(Side.B) : "") + (sides.values().stream().allMatch(x -> x == SideState.NONE)
                    ? "neither end" : " only"));
            return;
        }
        if (txn.state().ordinal() < TxnState.COMMITTED.ordinal()) {
            // Both ends hold the keys, possibly in commits still awaiting confirmation: a plain commit
            // of an empty change settles them before they roll back on one end and not the other.
            for (Side s : Side.values()) {
                MacsecDriver d = driver(s, Reason.CONFIRM_FAILED);
                Instant t = now();
                call(s, Reason.CONFIRM_FAILED, () -> {
                    d.commit(d.stage(ports.get(s), new KeyPlan(List.of(), List.of(), List.of())), Duration.ZERO);
                    return null;
                });
                sides.put(s, SideState.CONFIRMED);
                step("CONFIRMED", Optional.of(s.label()), Duration.between(t, now()), "OK", "settled after restart");
            }
            readBack();
            engine.journal().state(txn.id(), TxnState.COMMITTED);
        }
        notes.add("recovered after a restart: both ends held the new key, so the transaction was finished");
        if (activation == Activation.IMMEDIATE && sides.values().stream().anyMatch(x -> x != SideState.ACTIVATED)) {
            activateBoth();
            return;
        }
        sides.replaceAll((k, v) -> v == SideState.ACTIVATED ? v : SideState.CONFIRMED);
        releaseDevices();
        Instant settleAt = start == null ? now() : start.plus(engine.config().verifySettle());
        engine.scheduler().executeAt(settleAt.isAfter(now()) ? settleAt : now(), () -> guarded(this::verify));
    }

    // --- FETCHED -----------------------------------------------------------------------------------

    private void fetch() {
        fetchStartedAt = now();
        try {
            keys = engine.keySupply().fetch(link, keysNeeded);
        } catch (KeySupplyException e) {
            throw new GateRefusal(e.reason(), e.getMessage(), e);
        }
        keys.forEach(k -> newCkns.add(k.ckn()));
        engine.journal().state(txn.id(), TxnState.FETCHED);
        step("FETCHED", Optional.empty(), Duration.between(fetchStartedAt, now()), "OK",
                keys.size() + " key(s): " + String.join(", ", keys.stream().map(DerivedKey::keyId).toList()));
        withDevices(this::stage);
    }

    // --- STAGED / COMMITTED -------------------------------------------------------------------------

    private void stage() {
        Instant now = now();
        // Confirm windows can be rounded up by the device: ask each, keep the longest.
        confirmWindow = Duration.ZERO;
        if (activation == Activation.SCHEDULED) {
            for (Side s : Side.values()) {
                Duration w = driver(s, Reason.DEVICE_UNREACHABLE).effectiveConfirmWindow(engine.config().confirmWindow());
                confirmWindow = w.compareTo(confirmWindow) > 0 ? w : confirmWindow;
            }
        }
        lead = activation == Activation.IMMEDIATE ? Duration.ZERO : leadFor(confirmWindow);
        if (activation == Activation.IMMEDIATE) {
            retireLeftovers();
        }
        KeyChainView viewA = call(Side.A, Reason.DEVICE_UNREACHABLE, () -> driver(Side.A, Reason.DEVICE_UNREACHABLE).readKeys(ports.get(Side.A)));
        KeyRingPlanner.Plan plan = planAt(viewA, now, lead);
        if (plan.adds().size() != keys.size()) {
            throw new GateRefusal(Reason.FUTURE_KEYS_DIFFER, "the key chain changed while keys were fetched ("
                    + plan.adds().size() + " slots now needed, " + keys.size() + " fetched)");
        }
        start = plan.firstStart().orElseThrow();
        List<TxnKey> journalKeys = new ArrayList<>();
        List<KeyPlan.Add> adds = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            KeyRingPlanner.NewSlot slot = plan.adds().get(i);
            DerivedKey k = keys.get(i);
            journalKeys.add(new TxnKey(i, k.keyId(), k.ckn(), slot.start(), slot.end()));
            adds.add(new KeyPlan.Add(k.ckn(), k.cak(), slot.start(), slot.end()));
        }
        List<KeyPlan.EndChange> ends = plan.endMoves().stream().map(m -> new KeyPlan.EndChange(m.ckn(), m.end())).toList();
        engine.journal().plan(txn.id(), start, lead, confirmWindow, previousCkn);
        engine.journal().keys(txn.id(), journalKeys);
        KeyPlan keyPlan = new KeyPlan(adds, ends, List.of());

        for (Side s : Side.values()) {
            Instant t = now();
            MacsecDriver d = driver(s, Reason.STAGE_FAILED);
            Candidate c = call(s, Reason.STAGE_FAILED, () -> d.stage(ports.get(s), forSide(s, keyPlan)));
            candidates.put(s, c);
            sides.put(s, SideState.STAGED);
            step("STAGED", Optional.of(s.label()), Duration.between(t, now()), "OK", "");
            Instant tc = now();
            // From here the device may hold our keys even if the call fails (a lost session or a
            // timeout leaves the commit's outcome unknown): compensation must look and remove.
            sides.put(s, SideState.COMMITTED_PENDING);
            call(s, Reason.COMMIT_FAILED, () -> {
                d.commit(c, activation == Activation.SCHEDULED ? confirmWindow : Duration.ZERO);
                return null;
            });
            step("COMMIT", Optional.of(s.label()), Duration.between(tc, now()), "OK",
                    activation == Activation.SCHEDULED ? "confirm within " + seconds(confirmWindow) : "plain commit");
            if (s == Side.A) {
                engine.journal().state(txn.id(), TxnState.STAGED);
            }
        }
        // The CAKs are on both devices now; nothing later needs them.
        closeKeys();
        readBack();
        if (activation == Activation.SCHEDULED && !now().isBefore(start.minus(engine.config().confirmSafety()))) {
            throw new GateRefusal(Reason.DEADLINE_MISSED, "staging took until " + now() + ", too close to the start-time "
                    + start + " to confirm safely");
        }
        for (Side s : Side.values()) {
            Instant t = now();
            MacsecDriver d = driver(s, Reason.CONFIRM_FAILED);
            call(s, Reason.CONFIRM_FAILED, () -> {
                d.confirm(candidates.get(s));
                return null;
            });
            sides.put(s, SideState.CONFIRMED);
            step("CONFIRMED", Optional.of(s.label()), Duration.between(t, now()), "OK", "");
        }
        engine.journal().state(txn.id(), TxnState.COMMITTED);
        step("PREPARED", Optional.empty(), Duration.between(fetchStartedAt, now()), "OK",
                "start " + start + ", lead " + seconds(lead));
        if (activation == Activation.IMMEDIATE) {
            activateBoth();
            return;
        }
        releaseDevices();
        engine.scheduler().executeAt(start.plus(engine.config().verifySettle()), () -> guarded(this::verify));
    }

    private void readBack() {
        for (Side s : Side.values()) {
            KeyChainView v = call(s, Reason.READBACK_MISMATCH, () -> driver(s, Reason.READBACK_MISMATCH).readKeys(ports.get(s)));
            for (TxnKey k : engine.journal().txn(txn.id()).orElseThrow().keys()) {
                Optional<KeySlot> slot = v.slot(k.ckn());
                if (slot.isEmpty()) {
                    throw new GateRefusal(Reason.READBACK_MISMATCH, device(s) + " does not show key " + shortCkn(Optional.of(k.ckn()))
                            + " after commit");
                }
                if (activation == Activation.SCHEDULED && slot.get().start().map(t -> Duration.between(t, k.start()).abs()
                        .compareTo(Duration.ofSeconds(1)) > 0).orElse(true)) {
                    throw new GateRefusal(Reason.READBACK_MISMATCH, device(s) + " shows key " + shortCkn(Optional.of(k.ckn()))
                            + " starting " + slot.get().start().map(Instant::toString).orElse("(none)") + ", expected " + k.start());
                }
            }
        }
    }

    private void activateBoth() {
        // Both ends hold the new key for receive; switch transmit on A, then B. Each end keeps
        // accepting the old key, so the order cannot lose frames.
        for (Side s : Side.values()) {
            Instant t = now();
            call(s, Reason.ACTIVATE_FAILED, () -> {
                driver(s, Reason.ACTIVATE_FAILED).activate(ports.get(s), newCkns.get(0));
                return null;
            });
            sides.put(s, SideState.ACTIVATED);
            step("ACTIVATED", Optional.of(s.label()), Duration.between(t, now()), "OK", "");
        }
        start = now();
        releaseDevices();
        engine.scheduler().executeAt(now().plus(engine.config().pollInterval()), () -> guarded(this::verify));
    }

    // --- ACTIVE ----------------------------------------------------------------------------------------

    private void verify() {
        if (verifyDeadline == null) {
            verifyDeadline = start.plus(engine.config().verifyTimeout());
        }
        String ckn = newCkns.get(0);
        List<String> pending = new ArrayList<>();
        for (Side s : Side.values()) {
            List<MkaSession> sessions;
            try {
                sessions = driver(s, Reason.VERIFY_TIMEOUT).readMka(ports.get(s));
            } catch (RuntimeException e) {
                engine.drivers().invalidate(device(s));
                pending.add(device(s) + ": " + e.getMessage());
                continue;
            }
            boolean live = sessions.stream().anyMatch(m -> m.ckn().equalsIgnoreCase(ckn) && m.secured()
                    && m.role() != MkaSession.MkaRole.PRECEDING);
            if (!live) {
                pending.add(device(s) + ": " + summarize(sessions));
            }
        }
        if (pending.isEmpty()) {
            engine.journal().state(txn.id(), TxnState.ACTIVE);
            step("ACTIVE", Optional.empty(), Duration.between(start, now()), "OK", "new key secured on both ends");
            engine.events().keyActive(link.id(), start);
            engine.scheduler().executeAt(start.plus(link.overlap()), () -> withDevices(this::retire));
            return;
        }
        if (now().isBefore(verifyDeadline)) {
            engine.scheduler().executeAt(now().plus(engine.config().pollInterval()), () -> guarded(this::verify));
            return;
        }
        // The new key is in place on both ends but MKA never reported it secured: put the previous
        // key back in charge (it is still configured) by removing ours, and tell the operator.
        step("VERIFY", Optional.empty(), Duration.between(start, now()), "FAILED", String.join("; ", pending));
        withDevices(() -> revertAfterActivation(Reason.VERIFY_TIMEOUT, "MKA did not report the new key secured within "
                + seconds(engine.config().verifyTimeout()) + " of its start: " + String.join("; ", pending)));
    }

    private void revertAfterActivation(Reason reason, String why) {
        if (previousCkn.isEmpty()) {
            // Bootstrap: there is no previous key to fall back to; keep the new one and say so.
            finish(TxnState.FAILED, Optional.of(reason), why + " (bootstrap: no previous key to fall back to)");
            return;
        }
        if (activation == Activation.IMMEDIATE) {
            for (Side s : Side.values()) {
                sides.put(s, SideState.ACTIVATED);
            }
        }
        boolean removed = compensate();
        engine.audit(link.id(), txn.id(), "REVERTED", why);
        finish(removed ? TxnState.ABORTED : TxnState.FAILED, Optional.of(removed ? reason : Reason.COMPENSATION_FAILED),
                why + (removed ? "; the previous key is active again" : "; could not remove the new key everywhere"));
    }

    // --- RETIRED / DONE --------------------------------------------------------------------------------

    private void retire() {
        Instant t = now();
        Set<String> ours = engine.ownKeys(link.id());
        List<String> notesHere = new ArrayList<>();
        for (Side s : Side.values()) {
            try {
                MacsecDriver d = driver(s, Reason.STAGE_FAILED);
                KeyChainView v = d.readKeys(ports.getOrDefault(s, link.end(s).port()));
                List<String> doomed = KeyRingPlanner.retirable(v.slots(), now(), link.overlap(), ours).stream()
                        .map(KeySlot::ckn).toList();
                if (activation == Activation.IMMEDIATE) {
                    // SAs have no start-times: everything of ours but the new key is consumed.
                    doomed = v.slots().stream().map(KeySlot::ckn)
                            .filter(c -> ours.contains(c.toLowerCase(Locale.ROOT)) && !newCkns.contains(c.toLowerCase(Locale.ROOT)))
                            .toList();
                }
                if (doomed.isEmpty()) {
                    continue;
                }
                Candidate c = d.stage(ports.getOrDefault(s, link.end(s).port()), KeyPlan.removing(doomed));
                d.commit(c, Duration.ZERO);
                step("RETIRED", Optional.of(s.label()), Duration.between(t, now()), "OK", "removed " + doomed.size() + " key(s)");
            } catch (DriverException e) {
                engine.drivers().invalidate(device(s));
                notesHere.add("retiring old keys on " + device(s) + " failed (" + e.getMessage() + "); the next run retries");
            }
        }
        notes.addAll(notesHere);
        if (!newCkns.isEmpty()) {
            engine.journal().state(txn.id(), TxnState.RETIRED);
        }
        finish(TxnState.DONE, Optional.empty(), newCkns.isEmpty()
                ? "keyring full; nothing to add" : "new key " + shortCkn(Optional.of(newCkns.get(0))) + " active on both ends since " + start);
    }

    // --- plan only -------------------------------------------------------------------------------------

    private void describePlan(KeyRingPlanner.Plan plan, KeyChainView view, Instant now) {
        List<KeySlot> retirable = KeyRingPlanner.retirable(view.slots(), now, link.overlap(), engine.ownKeys(link.id()));
        lead = provisionalLead();
        start = plan.firstStart().orElse(null);
        String adds = plan.adds().isEmpty() ? "add nothing (keyring full)"
                : "add " + plan.adds().size() + " key(s) starting " + String.join(", ", plan.adds().stream().map(a -> a.start().toString()).toList())
                        + " (lead " + seconds(lead) + ")";
        String ends = plan.endMoves().isEmpty() ? "" : "; move " + plan.endMoves().size() + " end-time(s)";
        String retire = retirable.isEmpty() ? "; retire nothing" : "; retire " + retirable.size() + " consumed key(s)";
        complete(new RolloverResult(Optional.empty(), link.id(), TxnState.DONE, Optional.empty(), "would " + adds + ends + retire,
                List.of(), Optional.ofNullable(start), Optional.of(lead), Duration.between(begunAt, now()), Map.of(), notes));
    }

    /**
     * Immediate-activation devices hold few keys (Linux: the SA in use and the next): a consumed key of
     * ours left behind by an earlier retirement that failed is removed before the new one is staged.
     * The key in use is never touched.
     */
    private void retireLeftovers() {
        Set<String> ours = engine.ownKeys(link.id());
        for (Side s : Side.values()) {
            MacsecDriver d = driver(s, Reason.STAGE_FAILED);
            KeyChainView v = call(s, Reason.STAGE_FAILED, () -> d.readKeys(ports.get(s)));
            Optional<String> inUse = v.activeSendCkn().map(c -> c.toLowerCase(Locale.ROOT));
            List<String> leftovers = v.slots().stream().map(k -> k.ckn().toLowerCase(Locale.ROOT))
                    .filter(c -> ours.contains(c) && !inUse.map(c::equals).orElse(false)).toList();
            if (!leftovers.isEmpty()) {
                Instant t = now();
                call(s, Reason.STAGE_FAILED, () -> {
                    d.commit(d.stage(ports.get(s), KeyPlan.removing(leftovers)), Duration.ZERO);
                    return null;
                });
                step("RETIRED", Optional.of(s.label()), Duration.between(t, now()), "OK", "removed " + leftovers.size()
                        + " leftover key(s) before staging");
            }
        }
    }

    // --- dry run ---------------------------------------------------------------------------------------

    private void dryRun() {
        Instant now = now();
        lead = leadFor(engine.config().confirmWindow());
        KeyChainView viewA = driver(Side.A, Reason.DEVICE_UNREACHABLE).readKeys(ports.get(Side.A));
        KeyRingPlanner.Plan plan = planAt(viewA, now, lead);
        start = plan.firstStart().orElse(now);
        Map<String, String> diffs = new LinkedHashMap<>();
        List<DerivedKey> placeholders = PlaceholderKeys.forCipher(ports.get(Side.A).cipher(), plan.adds().size());
        try {
            List<KeyPlan.Add> adds = new ArrayList<>();
            for (int i = 0; i < placeholders.size(); i++) {
                DerivedKey k = placeholders.get(i);
                newCkns.add(k.ckn());
                adds.add(new KeyPlan.Add(k.ckn(), k.cak(), plan.adds().get(i).start(), plan.adds().get(i).end()));
            }
            KeyPlan keyPlan = new KeyPlan(adds, plan.endMoves().stream().map(m -> new KeyPlan.EndChange(m.ckn(), m.end())).toList(),
                    List.of());
            for (Side s : Side.values()) {
                MacsecDriver d = driver(s, Reason.STAGE_FAILED);
                Candidate c = call(s, Reason.STAGE_FAILED, () -> d.stage(ports.get(s), forSide(s, keyPlan)));
                try {
                    diffs.put(device(s), c.diff());
                } finally {
                    d.discard(c);
                }
            }
        } finally {
            placeholders.forEach(DerivedKey::close);
        }
        releaseDevices();
        complete(new RolloverResult(Optional.of(txn.id()), link.id(), TxnState.DONE, Optional.empty(),
                newCkns.isEmpty() ? "dry run: keyring full, nothing would be added"
                        : "dry run: " + newCkns.size() + " key(s) would start at " + start + "; nothing was committed, no KME key consumed",
                newCkns, Optional.of(start), Optional.of(lead), Duration.between(begunAt, now()), diffs, notes));
        engine.journal().finish(txn.id(), TxnState.DONE, Optional.of("DRY_RUN"), Optional.empty());
    }

    // --- failure handling -------------------------------------------------------------------------------

    /** Runs a step; any failure compensates (before confirmation) or ends the transaction. */
    private void guarded(Runnable stepBody) {
        try {
            stepBody.run();
        } catch (GateRefusal r) {
            fail(r.reason(), r.getMessage());
        } catch (DriverException e) {
            fail(Reason.SESSION_LOST, e.getMessage());
        } catch (RuntimeException e) {
            fail(Reason.INTERNAL_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void fail(Reason reason, String message) {
        if (result.isDone()) {
            return;
        }
        closeKeys();
        boolean touched = sides.values().stream().anyMatch(s -> s != SideState.NONE);
        if (!touched) {
            step("REFUSED", Optional.empty(), Duration.between(begunAt, now()), "FAILED", reason + ": " + message);
            releaseDevices();
            finish(TxnState.ABORTED, Optional.of(reason), message);
            return;
        }
        step("FAILED", Optional.empty(), Duration.between(begunAt, now()), "FAILED", reason + ": " + message);
        boolean afterStart = start != null && activation == Activation.SCHEDULED && !now().isBefore(start);
        if (afterStart) {
            notes.add("EMERGENCY: failure after the start-time " + start + "; a side may have activated the new key alone."
                    + " Removing the new key puts the previous key (still configured on both ends) back in charge.");
            engine.alarm(link.id(), txn.id(), "EMERGENCY_REVERT", message);
        }
        boolean compensated = compensate();
        releaseDevices();
        if (compensated) {
            finish(TxnState.ABORTED, Optional.of(reason), message + "; staged keys removed, the previous key stays active");
        } else {
            engine.alarm(link.id(), txn.id(), "COMPENSATION_FAILED", message);
            finish(TxnState.FAILED, Optional.of(Reason.COMPENSATION_FAILED), message
                    + "; could not remove the staged keys everywhere — see notes; an operator must check both ends");
        }
    }

    /**
     * Removes our staged keys from every side that may hold them: an open candidate is discarded;
     * a commit (pending or confirmed) is undone by committing the removal of our keys only — never by
     * rolling back the whole configuration. A side we cannot reach whose commit was never confirmed
     * rolls back by itself when its confirm window ends, which the lead puts before the start-time.
     */
    private boolean compensate() {
        boolean ok = true;
        for (Side s : Side.values()) {
            SideState st = sides.get(s);
            if (st == SideState.NONE) {
                continue;
            }
            Instant t = now();
            try {
                MacsecDriver d = driver(s, Reason.COMPENSATION_FAILED);
                if (st == SideState.STAGED) {
                    try {
                        d.discard(candidates.get(s));
                    } catch (DriverException e) {
                        // The uncommitted private candidate ends with its session: nothing to undo.
                        engine.drivers().invalidate(device(s));
                    }
                    step("COMPENSATED", Optional.of(s.label()), Duration.between(t, now()), "OK", "discarded uncommitted candidate");
                } else {
                    if (st == SideState.ACTIVATED && previousCkn.isPresent()) {
                        // Transmit goes back to the previous key before the new one is removed.
                        d.activate(ports.getOrDefault(s, link.end(s).port()), previousCkn.get());
                    }
                    ok &= removeOn(s, d, newCkns, "COMPENSATED");
                }
                sides.put(s, SideState.NONE);
            } catch (RuntimeException e) {
                engine.drivers().invalidate(device(s));
                if (st == SideState.COMMITTED_PENDING && activation == Activation.SCHEDULED) {
                    notes.add(device(s) + " unreachable for compensation (" + e.getMessage() + "); its unconfirmed commit rolls back"
                            + " by itself within " + seconds(confirmWindow) + ", before the start-time " + start);
                    step("COMPENSATED", Optional.of(s.label()), Duration.between(t, now()), "DEFERRED", "device rolls back by itself");
                } else {
                    notes.add("could not remove the staged keys from " + device(s) + ": " + e.getMessage());
                    step("COMPENSATED", Optional.of(s.label()), Duration.between(t, now()), "FAILED", e.getMessage());
                    ok = false;
                }
            }
        }
        return ok;
    }

    /** Removes those of {@code ckns} the device shows; a plain commit (also settles a pending confirm). */
    private boolean removeOn(Side s, MacsecDriver d, List<String> ckns, String stepName) {
        Instant t = now();
        Port port = ports.getOrDefault(s, link.end(s).port());
        KeyChainView v = d.readKeys(port);
        List<String> present = ckns.stream().filter(c -> v.slot(c).isPresent()).toList();
        Candidate c = d.stage(port, KeyPlan.removing(present));
        d.commit(c, Duration.ZERO);
        KeyChainView after = d.readKeys(port);
        boolean gone = ckns.stream().noneMatch(k -> after.slot(k).isPresent());
        step(stepName, Optional.of(s.label()), Duration.between(t, now()), gone ? "OK" : "FAILED",
                "removed " + present.size() + " staged key(s)");
        return gone;
    }

    // --- endings -------------------------------------------------------------------------------------------

    private void finish(TxnState state, Optional<Reason> reason, String message) {
        closeKeys();
        releaseDevices();
        if (txn == null) {
            complete(new RolloverResult(Optional.empty(), link.id(), state, reason, message, List.of(), Optional.empty(),
                    Optional.empty(), Duration.between(begunAt, now()), Map.of(), notes));
            return;
        }
        engine.journal().finish(txn.id(), state, reason.map(Enum::name), state == TxnState.DONE ? Optional.empty() : Optional.of(message));
        RolloverResult r = new RolloverResult(Optional.of(txn.id()), link.id(), state, reason, message, newCkns,
                Optional.ofNullable(start), Optional.ofNullable(lead), Duration.between(begunAt, now()), Map.of(), notes);
        updateLinkState(r);
        complete(r);
    }

    private void complete(RolloverResult r) {
        engine.finished(this, r);
        result.complete(r);
    }

    private void updateLinkState(RolloverResult r) {
        Optional<LinkStateRecord> prev = engine.journal().linkState(link.id());
        boolean done = r.state() == TxnState.DONE && !newCkns.isEmpty();
        Optional<String> activeCkn = done ? Optional.of(newCkns.get(0)) : prev.flatMap(LinkStateRecord::activeCkn).or(() -> previousCkn);
        Optional<String> activeKeyId = done ? Optional.of(keyIdOf(newCkns.get(0))) : prev.flatMap(LinkStateRecord::activeKeyId);
        Optional<Instant> since = done ? Optional.of(start) : prev.flatMap(LinkStateRecord::activeSince);
        Optional<Instant> nextStart = Optional.empty();
        int future = 0;
        try {
            KeyChainView v = driver(Side.A, Reason.DEVICE_UNREACHABLE).readKeys(ports.getOrDefault(Side.A, link.a().port()));
            Instant dn = now();
            future = (int) v.slots().stream().filter(k -> KeyRingPlanner.startOf(k).isAfter(dn)).count();
            nextStart = v.slots().stream().map(KeyRingPlanner::startOf).filter(t -> t.isAfter(dn)).min(Instant::compareTo);
        } catch (RuntimeException e) {
            // Status is informative only; the next run reads the devices again.
        }
        engine.journal().linkState(new LinkStateRecord(link.id(), activeCkn, activeKeyId, since, nextStart, future,
                Optional.of(txn.id()), Optional.of(r.state().name()), r.reason().map(x -> x + ": " + r.message()),
                done ? Optional.of(now()) : prev.flatMap(LinkStateRecord::lastSuccessAt), now()));
    }

    private String keyIdOf(String ckn) {
        return engine.journal().txn(txn.id()).orElseThrow().keys().stream().filter(k -> k.ckn().equals(ckn))
                .map(TxnKey::keyId).findFirst().orElse("");
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /**
     * The plan as one end should see it: a device whose keys have no end-time (Junos) gets the adds
     * without ends and no end moves; the start-times are the same on both ends, so a mixed Junos ↔
     * IOS-XR link switches at one instant.
     */
    private KeyPlan forSide(Side s, KeyPlan plan) {
        if (sideEndTimes.getOrDefault(s, false)) {
            return plan;
        }
        return new KeyPlan(plan.adds().stream().map(a -> new KeyPlan.Add(a.ckn(), a.cak(), a.start(), Optional.empty())).toList(),
                List.of(), plan.removes());
    }

    private KeyRingPlanner.Plan planAt(KeyChainView view, Instant now, Duration leadNow) {
        int target = activation == Activation.IMMEDIATE ? 0 : link.keyringSlots();
        boolean immediate = request.immediate() || activation == Activation.IMMEDIATE;
        // Devices render start-times in whole seconds: round up, so the lead is never shortened.
        Instant earliest = now.plus(leadNow);
        Instant whole = earliest.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        earliest = whole.equals(earliest) ? whole : whole.plusSeconds(1);
        return KeyRingPlanner.plan(view.slots(), now, earliest, immediate, target, link.interval(), link.overlap(),
                sideEndTimes.containsValue(true));
    }

    private Duration provisionalLead() {
        return activation == Activation.IMMEDIATE ? Duration.ZERO : leadFor(engine.config().confirmWindow());
    }

    private Duration leadFor(Duration window) {
        Duration adaptive = LeadEstimator.lead(link.leadFloor(), engine.journal().recentPreparationTimes(link.id(), LeadEstimator.WINDOW),
                window, engine.config().leadMargin());
        // An operator's --lead may shorten the adaptive part but never the confirm-window rule.
        return request.lead().map(l -> {
            Duration min = window.isZero() ? Duration.ZERO : window.plus(engine.config().leadMargin());
            return l.compareTo(min) >= 0 ? l : min;
        }).orElse(adaptive);
    }

    private Optional<String> activeCkn(KeyChainView v, Instant now) {
        if (activation == Activation.IMMEDIATE) {
            return v.activeSendCkn().map(c -> c.toLowerCase(Locale.ROOT));
        }
        return KeyRingPlanner.active(v.slots(), now).map(k -> k.ckn().toLowerCase(Locale.ROOT));
    }

    private static Map<String, Instant> futureKeys(KeyChainView v, Instant now) {
        Map<String, Instant> m = new LinkedHashMap<>();
        v.slots().stream().filter(s -> KeyRingPlanner.startOf(s).isAfter(now))
                .forEach(s -> m.put(s.ckn().toLowerCase(Locale.ROOT), KeyRingPlanner.startOf(s)));
        return m;
    }

    private static boolean sameSchedule(Map<String, Instant> a, Map<String, Instant> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(e -> Duration.between(e.getValue(), b.get(e.getKey())).abs().compareTo(Duration.ofSeconds(1)) <= 0);
    }

    private MacsecDriver driver(Side s, Reason reason) {
        try {
            return engine.drivers().driver(device(s));
        } catch (DriverException e) {
            throw new GateRefusal(reason == Reason.DEVICE_UNREACHABLE ? Reason.DEVICE_UNREACHABLE : reason,
                    "cannot reach " + device(s) + ": " + e.getMessage(), e);
        }
    }

    /** Calls the device; a failure becomes a named refusal, and a lost session is forgotten. */
    private <T> T call(Side s, Reason reason, Supplier<T> op) {
        try {
            return op.get();
        } catch (DriverException e) {
            if (e.kind() == DriverException.Kind.SESSION_LOST || e.kind() == DriverException.Kind.TIMEOUT) {
                engine.drivers().invalidate(device(s));
            }
            throw new GateRefusal(e.kind() == DriverException.Kind.SESSION_LOST ? Reason.SESSION_LOST : reason, e.getMessage(), e);
        }
    }

    /** Resumes with {@code body} once this transaction holds the configuration sessions of both devices. */
    private void withDevices(Runnable body) {
        engine.locks().acquire(devices(), () -> {
            devicesHeld = true;
            guarded(body);
        });
    }

    private Set<String> devices() {
        return Set.of(link.a().device(), link.b().device());
    }

    private void releaseDevices() {
        if (devicesHeld) {
            devicesHeld = false;
            engine.locks().release(devices());
        }
    }

    private void closeKeys() {
        keys.forEach(DerivedKey::close);
        keys = List.of();
    }

    private String device(Side s) {
        return link.end(s).device();
    }

    private Instant now() {
        return engine.clock().instant();
    }

    private void step(String name, Optional<String> side, Duration d, String outcome, String detail) {
        if (txn == null) {
            return;
        }
        engine.journal().step(txn.id(), name, side, Optional.of(d), outcome, detail.isEmpty() ? Optional.empty() : Optional.of(detail));
        engine.events().step(link.id(), txn.id(), name, side, d, outcome, detail);
    }

    static String shortCkn(Optional<String> ckn) {
        return ckn.map(c -> c.length() > 12 ? c.substring(0, 12) + "…" : c).orElse("(none)");
    }

    private static String describe(Map<String, Instant> future) {
        if (future.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        future.forEach((k, v) -> parts.add(shortCkn(Optional.of(k)) + "@" + v));
        return String.join(", ", parts);
    }

    private static String summarize(List<MkaSession> sessions) {
        if (sessions.isEmpty()) {
            return "no MKA session";
        }
        List<String> parts = new ArrayList<>();
        for (MkaSession m : sessions) {
            parts.add(shortCkn(Optional.of(m.ckn())) + " " + m.role().name().toLowerCase(Locale.ROOT) + (m.secured() ? " secured" : " not secured"));
        }
        return String.join(", ", parts);
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
