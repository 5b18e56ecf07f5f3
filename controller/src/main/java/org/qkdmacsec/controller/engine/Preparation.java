package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qkdmacsec.controller.engine.DeviceAccess.Held;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.controller.journal.SideProgress;
import org.qkdmacsec.controller.journal.TxnEndMove;
import org.qkdmacsec.controller.journal.TxnKey;
import org.qkdmacsec.controller.journal.TxnState;
import org.qkdmacsec.controller.keys.DerivedKey;
import org.qkdmacsec.spi.Candidate;
import org.qkdmacsec.spi.DeviceFacts;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.KeyChainView;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.KeySlot;

/**
 * STAGED → COMMITTED, under both devices' locks: plan against the key chains as they are now, journal the
 * keys and end-time moves, then on each side stage and commit confirmed, read both back, and confirm
 * each side before its rollback deadline. Every commit must be able to roll back by itself before the
 * start-time: a side is committed only if its confirm window, counted from now, ends a margin before the
 * start; a side is confirmed only a safety margin before its window ends.
 *
 * <p>Any failure is thrown as a {@link Failure}; the caller hands the transaction to {@link Resolution},
 * which reads the devices back and either finishes (both ends hold the keys) or removes ours.
 */
final class Preparation {
    /** What the transaction committed: the start-time of its first key and the lead used. */
    record Prepared(Instant start, Duration lead, LinkFacts facts) { }

    private final Held held;
    private final Scope scope;
    private final RolloverRequest request;
    private final Map<Side, Candidate> candidates = new EnumMap<>(Side.class);
    private final Map<Side, Instant> rollbackBy = new EnumMap<>(Side.class);
    private final Map<Side, Duration> commitTook = new EnumMap<>(Side.class);

    Preparation(Held held, Scope scope, RolloverRequest request) {
        this.held = held;
        this.scope = scope;
        this.request = request;
    }

    Prepared run(LinkFacts preflight, Optional<String> previous, List<DerivedKey> keys, Instant fetchStartedAt) {
        LinkFacts f = preflight.withViews(scope.link(), readViews(preflight));
        Duration window = Duration.ZERO;
        if (f.scheduled()) {
            Duration wanted = Planning.window(scope);
            for (Side s : Side.values()) {
                Duration w = Calls.call(held, scope, s, Reason.DEVICE_UNREACHABLE, d -> d.effectiveConfirmWindow(wanted));
                window = w.compareTo(window) > 0 ? w : window;
            }
        }
        Duration lead = Planning.lead(scope, request, f, window);
        Instant now = scope.now();
        KeyRingPlanner.Plan plan = Planning.plan(scope, request, f, now, lead);
        if (plan.adds().size() != keys.size()) {
            throw new Failure(Reason.FUTURE_KEYS_DIFFER, "the key chain changed while keys were fetched (" + plan.adds().size()
                    + " slots now needed, " + keys.size() + " fetched)");
        }
        if (f.scheduled() && !Planning.sameSchedule(Planning.futureKeys(f.view(Side.A), now), Planning.futureKeys(f.view(Side.B), now))) {
            throw new Failure(Reason.FUTURE_KEYS_DIFFER, "the ends' future keys changed while keys were fetched");
        }
        Instant start = plan.firstStart().orElseThrow();
        List<TxnKey> journalKeys = new ArrayList<>();
        List<KeyPlan.Add> adds = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            KeyRingPlanner.NewSlot slot = plan.adds().get(i);
            DerivedKey k = keys.get(i);
            journalKeys.add(new TxnKey(i, k.keyId(), k.ckn(), slot.start(), slot.end()));
            adds.add(new KeyPlan.Add(k.ckn(), k.cak(), slot.start(), slot.end()));
        }
        Map<Side, KeyPlan> plans = new EnumMap<>(Side.class);
        List<TxnEndMove> moves = new ArrayList<>();
        for (Side s : Side.values()) {
            KeyPlan p = forSide(s, f, adds, plan.endMoves(), moves);
            plans.put(s, description(s, f, start, keys.get(0)).map(p::withDescription).orElse(p));
        }
        if (!f.scheduled()) {
            retireLeftovers(f);
        }
        scope.planned(start, lead, window, previous, journalKeys, moves);

        for (Side s : Side.values()) {
            commit(s, f, plans.get(s), window, start, fetchStartedAt);
        }
        scope.state(TxnState.STAGED);
        keys.forEach(DerivedKey::close); // the CAKs are on both devices now; nothing later needs them
        LinkFacts after = readBack(f, start);
        if (f.scheduled()) {
            for (Side s : Side.values()) {
                confirm(s, fetchStartedAt);
            }
            stillHeld(f, fetchStartedAt);
        }
        scope.state(TxnState.COMMITTED);
        scope.step("PREPARED", Optional.empty(), Duration.between(fetchStartedAt, scope.now()), "OK",
                "start " + start + ", lead " + Text.seconds(lead));
        return new Prepared(start, lead, after);
    }

    /**
     * The plan as one end should see it: ends only where the device has key lifetimes; each end-time
     * move is journalled with the end it replaces (read from that device), so it can be put back.
     */
    private KeyPlan forSide(Side s, LinkFacts f, List<KeyPlan.Add> adds, List<KeyRingPlanner.EndMove> endMoves,
                            List<TxnEndMove> journal) {
        if (!f.endTimes(s)) {
            return new KeyPlan(adds.stream().map(a -> new KeyPlan.Add(a.ckn(), a.cak(), a.start(), Optional.empty())).toList(),
                    List.of(), List.of());
        }
        List<KeyPlan.EndChange> changes = new ArrayList<>();
        for (KeyRingPlanner.EndMove m : endMoves) {
            Optional<Instant> old = f.view(s).slot(m.ckn()).flatMap(KeySlot::end);
            journal.add(new TxnEndMove(s.label(), m.ckn(), old, Optional.of(m.end())));
            changes.add(new KeyPlan.EndChange(m.ckn(), m.end()));
        }
        return new KeyPlan(adds, changes, List.of());
    }

    /**
     * The interface description naming the new key, in the same commit — when the link keeps one, the
     * device takes one, and the new key is the next to start (a keyring top-up behind a future key leaves
     * it to the retirement that follows that key).
     */
    private Optional<String> description(Side s, LinkFacts f, Instant start, DerivedKey first) {
        Optional<String> template = scope.link().description();
        if (template.isEmpty() || !f.caps().get(s).descriptions()) {
            return Optional.empty();
        }
        Instant now = scope.now();
        boolean next = f.view(s).slots().stream().map(KeyRingPlanner::startOf).noneMatch(t -> t.isAfter(now) && t.isBefore(start));
        if (!next) {
            return Optional.empty();
        }
        String text = Descriptions.render(template.get(), f.view(s).description(), first.keyId(), first.ckn());
        return text.equals(f.view(s).description().orElse("")) ? Optional.empty() : Optional.of(text);
    }

    private void commit(Side s, LinkFacts f, KeyPlan plan, Duration window, Instant start, Instant fetchStartedAt) {
        if (f.scheduled()) {
            // The window starts when the commit completes: count the commit too, as long as the longest so far.
            Duration commit = commitTook.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
            checkTime(scope.now().plus(commit).plus(window).plus(scope.config().leadMargin()), start, fetchStartedAt,
                    "committing " + scope.device(s) + " now, its confirm window of " + Text.seconds(window)
                            + " would not end before the start-time " + start);
        }
        scope.checkFence();
        Instant t = scope.now();
        Candidate c;
        try {
            c = Calls.call(held, scope, s, Reason.STAGE_FAILED, d -> d.stage(f.port(s), plan));
        } catch (Failure e) {
            if (plan.description().isEmpty() || !(e.getCause() instanceof DriverException de)
                    || de.kind() != DriverException.Kind.INVALID_REQUEST) {
                throw e;
            }
            // The device will not take the description (too long with the operator's text, say): the
            // keys matter, the description does not. Stage them without it and say so.
            scope.note(scope.device(s) + " refused the interface description (" + de.getMessage() + "); it was left as it was");
            KeyPlan bare = new KeyPlan(plan.adds(), plan.endChanges(), plan.removes());
            c = Calls.call(held, scope, s, Reason.STAGE_FAILED, d -> d.stage(f.port(s), bare));
        }
        candidates.put(s, c);
        scope.step("STAGED", s, t, "");
        try {
            scope.sending(s, SideProgress.COMMIT_SENT);
        } catch (Failure e) {
            discardQuietly(s, c);
            throw e;
        }
        // From here the device may hold our keys even if the call fails (a lost session or a timeout
        // leaves the commit's outcome unknown): resolution must read it back.
        Instant tc = scope.now();
        Candidate staged = c;
        Calls.run(held, scope, s, Reason.COMMIT_FAILED, d -> d.commit(staged, f.scheduled() ? window : Duration.ZERO));
        rollbackBy.put(s, scope.now().plus(window));
        commitTook.put(s, Duration.between(tc, scope.now()));
        // A plain commit (immediate activation) is permanent at once: there is nothing to confirm.
        scope.reached(s, f.scheduled() ? SideProgress.COMMITTED : SideProgress.CONFIRMED);
        scope.step("COMMIT", s, tc, f.scheduled() ? "confirm within " + Text.seconds(window) : "plain commit");
    }

    private void confirm(Side s, Instant fetchStartedAt) {
        Instant deadline = rollbackBy.get(s);
        // A confirmation is a commit to the device: it takes about as long as the commit did, and must
        // land before the deadline, not merely leave before it.
        if (!scope.now().plus(scope.config().confirmSafety()).plus(commitTook.get(s)).isBefore(deadline)) {
            throw overrun(fetchStartedAt, "too late to confirm " + scope.device(s) + " safely before its commit rolls back at "
                    + deadline);
        }
        scope.checkFence();
        Instant t = scope.now();
        scope.sending(s, SideProgress.CONFIRM_SENT);
        Calls.run(held, scope, s, Reason.CONFIRM_FAILED, d -> d.confirm(candidates.get(s)));
        scope.reached(s, SideProgress.CONFIRMED);
        scope.step("CONFIRMED", s, t, "");
    }

    /**
     * Both ends show every new key with the planned times, and their clocks still agree (a clock that
     * jumped since preflight would switch early or late): checked before anything is confirmed.
     */
    private LinkFacts readBack(LinkFacts f, Instant start) {
        Map<Side, KeyChainView> views = readViews(f);
        Map<Side, DeviceFacts> facts = new EnumMap<>(Side.class);
        for (Side s : Side.values()) {
            facts.put(s, Calls.call(held, scope, s, Reason.READBACK_MISMATCH, d -> d.facts()));
            for (TxnKey k : scope.record().keys()) {
                Optional<KeySlot> slot = views.get(s).slot(k.ckn());
                if (slot.isEmpty()) {
                    throw new Failure(Reason.READBACK_MISMATCH, scope.device(s) + " does not show key " + Text.ckn(k.ckn())
                            + " after commit");
                }
                if (f.scheduled() && !sameTime(slot.get().start(), k.start())) {
                    throw Failure.keysUnusable(Reason.READBACK_MISMATCH, scope.device(s) + " shows key " + Text.ckn(k.ckn())
                            + " starting " + slot.get().start().map(Instant::toString).orElse("(none)") + ", expected " + k.start());
                }
            }
        }
        try {
            Preflight.checkClocks(scope, facts, scope.config().skewBound());
        } catch (Failure e) {
            throw Failure.keysUnusable(e.reason(), e.getMessage() + " (found before confirming; the new keys are removed)");
        }
        return new LinkFacts(facts, f.caps(), views, LinkFacts.peerPorts(scope.link(), views));
    }

    /**
     * A confirmation that reaches a device after its rollback deadline confirms nothing (the commit has
     * already rolled back) yet answers like any commit: both ends are read once more, so a side that lost
     * the keys is found now, before the start-time if at all possible, not at verification.
     */
    private void stillHeld(LinkFacts f, Instant fetchStartedAt) {
        Map<Side, KeyChainView> views = readViews(f);
        for (Side s : Side.values()) {
            for (TxnKey k : scope.record().keys()) {
                if (views.get(s).slot(k.ckn()).isEmpty()) {
                    Failure late = overrun(fetchStartedAt, scope.device(s) + " no longer shows key " + Text.ckn(k.ckn())
                            + " after its confirmation: the commit rolled back before the confirmation arrived");
                    throw new Failure(Reason.CONFIRM_FAILED, late.getMessage());
                }
            }
        }
    }

    static boolean sameTime(Optional<Instant> actual, Instant expected) {
        return actual.map(t -> Duration.between(t, expected).abs().compareTo(Duration.ofSeconds(1)) <= 0).orElse(false);
    }

    private Map<Side, KeyChainView> readViews(LinkFacts f) {
        Map<Side, KeyChainView> views = new EnumMap<>(Side.class);
        for (Side s : Side.values()) {
            views.put(s, Calls.call(held, scope, s, Reason.DEVICE_UNREACHABLE, d -> d.readKeys(f.port(s))));
        }
        return views;
    }

    /**
     * Immediate-activation devices hold few keys (Linux: the SA in use and the next): a consumed key of
     * ours left behind by an earlier retirement that failed is removed before the new one is staged. The
     * key in use is never touched.
     */
    private void retireLeftovers(LinkFacts f) {
        var ours = scope.ctx().ledger().must("the link's own keys", () -> scope.ctx().ledger().journal().ownCkns(scope.link().id()));
        for (Side s : Side.values()) {
            Optional<String> inUse = f.activeSend(s).map(String::toLowerCase);
            List<String> leftovers = f.view(s).slots().stream().map(k -> k.ckn().toLowerCase())
                    .filter(c -> ours.contains(c) && !inUse.map(c::equals).orElse(false)).toList();
            if (!leftovers.isEmpty()) {
                scope.checkFence();
                Instant t = scope.now();
                Calls.run(held, scope, s, Reason.STAGE_FAILED, d -> d.commit(d.stage(f.port(s), KeyPlan.removing(leftovers)), Duration.ZERO));
                scope.step("RETIRED", s, t, "removed " + leftovers.size() + " leftover key(s) before staging");
            }
        }
    }

    private void checkTime(Instant doneBy, Instant start, Instant fetchStartedAt, String what) {
        if (doneBy.isAfter(start)) {
            throw overrun(fetchStartedAt, what);
        }
    }

    /** The preparation cannot finish in time: journal what it teaches the lead, and stop. */
    private Failure overrun(Instant fetchStartedAt, String what) {
        Duration sample = LeadEstimator.overrunSample(Duration.between(fetchStartedAt, scope.now()));
        scope.step("PREPARATION_OVERRAN", Optional.empty(), sample, "FAILED", "the next lead counts at least " + Text.seconds(sample));
        // Past its deadline a side rolls back by itself: going forward would race that, so ours go.
        return Failure.keysUnusable(Reason.DEADLINE_MISSED, what);
    }

    private void discardQuietly(Side s, Candidate c) {
        try {
            held.call(scope.device(s), d -> {
                d.discard(c);
                return null;
            });
        } catch (DriverException ignored) {
            // An uncommitted change ends with its session.
        }
    }
}
