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
import org.qkdmacsec.controller.journal.TxnEndMove;
import org.qkdmacsec.controller.journal.TxnKey;
import org.qkdmacsec.controller.keys.DerivedKey;
import org.qkdmacsec.spi.DeviceFacts;
import org.qkdmacsec.spi.KeyChainView;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.KeySlot;

/**
 * One transaction's part of a {@link Preparation}: its link's plan (start-times, the keys and end-time
 * moves journalled before anything is sent), each side's share of a device commit, and the checks only
 * this link can make (read-back, clocks, keys still held after confirming). A member that fails drops out
 * of the batch; the others go on.
 */
final class Member {
    /** What preparing gave the transaction: the start-time of its first key and the lead used. */
    record Prepared(Instant start, Duration lead, LinkFacts facts) { }

    final Scope scope;
    final Transaction txn;
    private final RolloverRequest request;
    private final Optional<String> previous;
    private final List<DerivedKey> keys;
    final Instant fetchStartedAt;
    private LinkFacts facts;
    private final Map<Side, KeyPlan> plans = new EnumMap<>(Side.class);
    private Instant start;
    private Duration lead;
    private Failure failure;
    private Prepared prepared;

    Member(Transaction txn, Scope scope, RolloverRequest request, LinkFacts facts, Optional<String> previous, List<DerivedKey> keys,
           Instant fetchStartedAt) {
        this.txn = txn;
        this.scope = scope;
        this.request = request;
        this.facts = facts;
        this.previous = previous;
        this.keys = List.copyOf(keys);
        this.fetchStartedAt = fetchStartedAt;
    }

    String device(Side s) {
        return scope.device(s);
    }

    LinkFacts facts() {
        return facts;
    }

    KeyPlan plan(Side s) {
        return plans.get(s);
    }

    Instant start() {
        return start;
    }

    boolean alive() {
        return failure == null;
    }

    Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    Optional<Prepared> prepared() {
        return Optional.ofNullable(prepared);
    }

    void fail(Failure f) {
        if (failure == null) {
            failure = f;
        }
    }

    /** The window this link would ask for on its own (the batch takes the longest). */
    Duration wantedWindow() {
        return facts.scheduled() ? Planning.window(scope) : Duration.ZERO;
    }

    /**
     * Reads both ends again, plans against the key chains as they are now and journals the keys and
     * end-time moves (must: they are what may be undone), with the batch's confirm window; {@code commits}
     * is what committing every device of the batch is expected to take (the lead leaves room for it).
     */
    void plan(Held held, Duration window, Duration commits) {
        facts = facts.withViews(scope.link(), readViews(held));
        lead = Planning.lead(scope, request, facts, window, commits);
        Instant now = scope.now();
        KeyRingPlanner.Plan plan = Planning.plan(scope, request, facts, now, lead);
        if (plan.adds().size() != keys.size()) {
            throw new Failure(Reason.FUTURE_KEYS_DIFFER, "the key chain changed while keys were fetched (" + plan.adds().size()
                    + " slots now needed, " + keys.size() + " fetched)");
        }
        if (facts.scheduled() && !Planning.sameSchedule(Planning.futureKeys(facts.view(Side.A), now),
                Planning.futureKeys(facts.view(Side.B), now))) {
            throw new Failure(Reason.FUTURE_KEYS_DIFFER, "the ends' future keys changed while keys were fetched");
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
        List<TxnEndMove> moves = new ArrayList<>();
        for (Side s : Side.values()) {
            KeyPlan p = forSide(s, adds, plan.endMoves(), moves);
            plans.put(s, description(s, keys.get(0)).map(p::withDescription).orElse(p));
        }
        if (!facts.scheduled()) {
            Retirement.leftovers(held, scope, facts);
        }
        scope.planned(start, lead, window, previous, journalKeys, moves);
    }

    /**
     * The plan as one end should see it: ends only where the device has key lifetimes; each end-time
     * move is journalled with the end it replaces (read from that device), so it can be put back.
     */
    private KeyPlan forSide(Side s, List<KeyPlan.Add> adds, List<KeyRingPlanner.EndMove> endMoves, List<TxnEndMove> journal) {
        if (!facts.endTimes(s)) {
            return new KeyPlan(adds.stream().map(a -> new KeyPlan.Add(a.ckn(), a.cak(), a.start(), Optional.empty())).toList(),
                    List.of(), List.of());
        }
        List<KeyPlan.EndChange> changes = new ArrayList<>();
        for (KeyRingPlanner.EndMove m : endMoves) {
            Optional<Instant> old = facts.view(s).slot(m.ckn()).flatMap(KeySlot::end);
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
    private Optional<String> description(Side s, DerivedKey first) {
        Optional<String> template = scope.link().description();
        if (template.isEmpty() || !facts.caps().get(s).descriptions()) {
            return Optional.empty();
        }
        Instant now = scope.now();
        boolean next = facts.view(s).slots().stream().map(KeyRingPlanner::startOf).noneMatch(t -> t.isAfter(now) && t.isBefore(start));
        if (!next) {
            return Optional.empty();
        }
        String text = Descriptions.render(template.get(), facts.view(s).description(), first.keyId(), first.ckn());
        return text.equals(facts.view(s).description().orElse("")) ? Optional.empty() : Optional.of(text);
    }

    /** The CAKs are on the devices now (or will never be): nothing later needs them. */
    void closeKeys() {
        keys.forEach(DerivedKey::close);
    }

    /**
     * Both ends show every new key with the planned times, and their clocks still agree (a clock that
     * jumped since preflight would switch early or late): checked before anything is confirmed.
     */
    void readBack(Held held) {
        Map<Side, KeyChainView> views = readViews(held);
        Map<Side, DeviceFacts> now = new EnumMap<>(Side.class);
        for (Side s : Side.values()) {
            now.put(s, Calls.call(held, scope, s, Reason.READBACK_MISMATCH, d -> d.facts()));
            for (TxnKey k : scope.record().keys()) {
                Optional<KeySlot> slot = views.get(s).slot(k.ckn());
                if (slot.isEmpty()) {
                    throw new Failure(Reason.READBACK_MISMATCH, device(s) + " does not show key " + Text.ckn(k.ckn()) + " after commit");
                }
                if (facts.scheduled() && !sameTime(slot.get().start(), k.start())) {
                    throw Failure.keysUnusable(Reason.READBACK_MISMATCH, device(s) + " shows key " + Text.ckn(k.ckn())
                            + " starting " + slot.get().start().map(Instant::toString).orElse("(none)") + ", expected " + k.start());
                }
            }
        }
        try {
            Preflight.checkClocks(scope, now, scope.config().skewBound());
        } catch (Failure e) {
            throw Failure.keysUnusable(e.reason(), e.getMessage() + " (found before confirming; the new keys are removed)");
        }
        facts = new LinkFacts(now, facts.caps(), views, LinkFacts.peerPorts(scope.link(), views));
    }

    /**
     * A confirmation that reaches a device after its rollback deadline confirms nothing (the commit has
     * already rolled back) yet answers like any commit: both ends are read once more, so a side that lost
     * the keys is found now, before the start-time if at all possible, not at verification.
     */
    void stillHeld(Held held) {
        Map<Side, KeyChainView> views = readViews(held);
        for (Side s : Side.values()) {
            for (TxnKey k : scope.record().keys()) {
                if (views.get(s).slot(k.ckn()).isEmpty()) {
                    Failure late = overrun(device(s) + " no longer shows key " + Text.ckn(k.ckn())
                            + " after its confirmation: the commit rolled back before the confirmation arrived");
                    throw new Failure(Reason.CONFIRM_FAILED, late.getMessage());
                }
            }
        }
    }

    /** Both ends confirmed: the transaction is COMMITTED. */
    void done() {
        scope.state(org.qkdmacsec.controller.journal.TxnState.COMMITTED);
        scope.step("PREPARED", Optional.empty(), Duration.between(fetchStartedAt, scope.now()), "OK",
                "start " + start + ", lead " + Text.seconds(lead));
        prepared = new Prepared(start, lead, facts);
    }

    /** The preparation cannot finish in time: journal what it teaches the lead, and stop. */
    Failure overrun(String what) {
        Duration sample = LeadEstimator.overrunSample(Duration.between(fetchStartedAt, scope.now()));
        scope.step("PREPARATION_OVERRAN", Optional.empty(), sample, "FAILED", "the next lead counts at least " + Text.seconds(sample));
        // Past its deadline a side rolls back by itself: going forward would race that, so ours go.
        return Failure.keysUnusable(Reason.DEADLINE_MISSED, what);
    }

    static boolean sameTime(Optional<Instant> actual, Instant expected) {
        return actual.map(t -> Duration.between(t, expected).abs().compareTo(Duration.ofSeconds(1)) <= 0).orElse(false);
    }

    private Map<Side, KeyChainView> readViews(Held held) {
        Map<Side, KeyChainView> views = new EnumMap<>(Side.class);
        for (Side s : Side.values()) {
            views.put(s, Calls.call(held, scope, s, Reason.DEVICE_UNREACHABLE, d -> d.readKeys(facts.port(s))));
        }
        return views;
    }
}
