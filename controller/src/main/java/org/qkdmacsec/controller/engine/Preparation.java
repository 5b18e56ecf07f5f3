package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.qkdmacsec.controller.engine.DeviceAccess.Held;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.controller.journal.SideProgress;
import org.qkdmacsec.controller.journal.TxnState;
import org.qkdmacsec.spi.Candidate;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.PortChange;

/**
 * STAGED → COMMITTED for a batch of transactions, under the locks of every device they touch: each
 * member plans its link and journals its keys; then each device gets ONE change covering every link of
 * the batch on it, one confirmed commit and — once every member has read both ends back — one
 * confirmation. A batch of one is the single-link case.
 *
 * <p>Every commit must be able to roll back by itself before its links' start-times: a member is
 * committed on a device only if the device's confirm window, counted from now plus the longest commit
 * seen so far, ends a margin before the member's start; a device is confirmed only a safety margin
 * before its window ends. A commit the device refuses for the whole batch is retried link by link, so
 * one bad link never holds the others back. A member that fails anywhere drops out; {@link Transaction}
 * hands it to {@link Resolution} once the batch is through.
 */
final class Preparation {
    private record Part(Member member, Side side) { }

    private final Held held;
    private final List<Member> members;
    private final EngineContext ctx;
    private final Map<String, Instant> rollbackBy = new TreeMap<>();
    private final Map<String, Duration> commitTook = new TreeMap<>();
    private final Map<String, Candidate> candidates = new TreeMap<>();
    private Duration window = Duration.ZERO;

    Preparation(Held held, List<Member> members, EngineContext ctx) {
        this.held = held;
        this.members = List.copyOf(members);
        this.ctx = ctx;
    }

    /** Runs the batch; afterwards each member holds its result ({@link Member#prepared()} or {@link Member#failure()}). */
    void run() {
        boolean scheduled = members.get(0).facts().scheduled();
        // Devices commit one after another: every link's start leaves room for all of the batch's commits,
        // and so must the window of the device committed first (it is confirmed after the last commit).
        Duration commits = ctx.commitTimes().sum(byDevice().keySet());
        if (scheduled) {
            window = confirmWindow(commits);
        }
        each(m -> m.plan(held, window, commits));
        for (Map.Entry<String, List<Part>> e : byDevice().entrySet()) {
            commit(e.getKey(), e.getValue(), scheduled);
        }
        members.stream().filter(Member::alive).forEach(m -> m.scope.state(TxnState.STAGED));
        members.forEach(Member::closeKeys);
        if (scheduled) {
            // A slow last commit can outlast the first device's window: its keys are gone by now, which
            // is the deadline missed, not a device that mis-stored them.
            byDevice().forEach((device, parts) -> tooLateToConfirm(device, parts.stream().filter(p -> p.member().alive()).toList()));
        }
        each(m -> m.readBack(held));
        if (scheduled) {
            for (Map.Entry<String, List<Part>> e : byDevice().entrySet()) {
                confirm(e.getKey(), e.getValue());
            }
            each(m -> m.stillHeld(held));
        }
        each(Member::done);
    }

    /**
     * The batch's window: what its slowest link asks for, and at least what committing every device of the
     * batch takes plus the safety margin, as the devices will apply it (they may round up).
     */
    private Duration confirmWindow(Duration commits) {
        Duration slowest = members.stream().map(Member::wantedWindow).max(Duration::compareTo).orElse(Duration.ZERO);
        Duration covering = commits.plus(ctx.config().confirmSafety());
        Duration wanted = covering.compareTo(slowest) <= 0 ? slowest
                : covering.getNano() == 0 ? covering : covering.withNanos(0).plusSeconds(1);
        Duration w = Duration.ZERO;
        for (String device : byDevice().keySet()) {
            Part any = byDevice().get(device).get(0);
            Duration applied = Calls.call(held, any.member().scope, any.side(), Reason.DEVICE_UNREACHABLE,
                    d -> d.effectiveConfirmWindow(wanted));
            w = applied.compareTo(w) > 0 ? applied : w;
        }
        return w;
    }

    /** One change for every live member's side on {@code device}; refused as a whole, it is retried link by link. */
    private void commit(String device, List<Part> parts, boolean scheduled) {
        List<Part> going = new ArrayList<>();
        for (Part p : parts) {
            if (scheduled && late(device, p)) {
                continue;
            }
            try {
                p.member().scope.checkFence();
                going.add(p);
            } catch (Scope.Fenced f) {
                p.member().fail(new Failure(Reason.FENCED, f.getMessage()));
            }
        }
        if (going.isEmpty()) {
            return;
        }
        Part first = going.get(0);
        int perCommit = first.member().facts().caps().get(first.side()).portsPerCommit();
        if (going.size() == 1 || perCommit < going.size()) {
            going.forEach(p -> commitAlone(device, p, scheduled));
            return;
        }
        Candidate c;
        try {
            c = held.call(device, d -> d.stage(going.stream().map(p -> new PortChange(p.member().facts().port(p.side()),
                    p.member().plan(p.side()))).toList()));
        } catch (DriverException e) {
            if (refusedAsAWhole(e)) {
                going.forEach(p -> commitAlone(device, p, scheduled));
            } else {
                going.forEach(p -> p.member().fail(new Failure(Reason.STAGE_FAILED, e.getMessage(), e)));
            }
            return;
        }
        Instant t = ctx.clock().instant();
        going.forEach(p -> p.member().scope.step("STAGED", p.side(), t, going.size() + " link(s) in one change"));
        List<Part> late = scheduled ? going.stream().filter(p -> late(device, p)).toList() : List.of();
        if (!late.isEmpty()) {
            // Staging waited (for the device's lock, say): the late ones failed; the others go on alone.
            discardQuietly(device, c);
            going.stream().filter(p -> p.member().alive()).forEach(p -> commitAlone(device, p, scheduled));
            return;
        }
        List<Part> sent = sending(going, SideProgress.COMMIT_SENT);
        if (sent.size() < going.size()) {
            discardQuietly(device, c);
            sent.forEach(p -> commitAlone(device, p, scheduled));
            return;
        }
        try {
            held.call(device, d -> {
                d.commit(c, scheduled ? window : Duration.ZERO);
                return null;
            });
        } catch (DriverException e) {
            if (refusedAsAWhole(e)) {
                sent.forEach(p -> commitAlone(device, p, scheduled));
            } else {
                // The answer was lost: every link's part may or may not be in; resolution reads them back.
                sent.forEach(p -> p.member().fail(new Failure(DeviceAccess.outcomeUnknown(e) ? Reason.SESSION_LOST : Reason.COMMIT_FAILED,
                        e.getMessage(), e)));
            }
            return;
        }
        committed(device, c, sent, t, scheduled);
    }

    /**
     * Whether committing {@code p}'s side now would let its confirm window end after the start-time (a
     * side left unconfirmed must roll back before the key starts); if so the member fails as an overrun.
     */
    private boolean late(String device, Part p) {
        Duration longest = commitTook.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
        Instant doneBy = p.member().scope.now().plus(longest).plus(window).plus(ctx.config().leadMargin());
        if (!doneBy.isAfter(p.member().start())) {
            return false;
        }
        p.member().fail(p.member().overrun("committing " + device + " now, its confirm window of " + Text.seconds(window)
                + " would not end before the start-time " + p.member().start()));
        return true;
    }

    /** One member's side alone: the fallback when a whole batch was refused, and the single-link case. */
    private void commitAlone(String device, Part p, boolean scheduled) {
        Member m = p.member();
        if (!m.alive()) {
            return;
        }
        Instant t = ctx.clock().instant();
        try {
            Candidate c = stageAlone(m, p.side());
            m.scope.step("STAGED", p.side(), t, "");
            if (scheduled && late(device, p)) {
                discardQuietly(device, c);
                return;
            }
            try {
                m.scope.sending(p.side(), SideProgress.COMMIT_SENT);
            } catch (Failure e) {
                discardQuietly(device, c);
                throw e;
            }
            // From here the device may hold our keys even if the call fails (a lost session or a timeout
            // leaves the commit's outcome unknown): resolution must read it back.
            Instant tc = ctx.clock().instant();
            Calls.run(held, m.scope, p.side(), Reason.COMMIT_FAILED, d -> d.commit(c, scheduled ? window : Duration.ZERO));
            committed(device, c, List.of(p), tc, scheduled);
        } catch (Failure e) {
            m.fail(e);
        }
    }

    /**
     * One side's change; a device that will not take the interface description (too long with the
     * operator's text, say) gets the keys without it: the keys matter, the description does not.
     */
    private Candidate stageAlone(Member m, Side s) {
        org.qkdmacsec.spi.KeyPlan plan = m.plan(s);
        try {
            return Calls.call(held, m.scope, s, Reason.STAGE_FAILED, d -> d.stage(m.facts().port(s), plan));
        } catch (Failure e) {
            if (plan.description().isEmpty() || !(e.getCause() instanceof DriverException de)
                    || de.kind() != DriverException.Kind.INVALID_REQUEST) {
                throw e;
            }
            m.scope.note(m.device(s) + " refused the interface description (" + de.getMessage() + "); it was left as it was");
            org.qkdmacsec.spi.KeyPlan bare = new org.qkdmacsec.spi.KeyPlan(plan.adds(), plan.endChanges(), plan.removes());
            return Calls.call(held, m.scope, s, Reason.STAGE_FAILED, d -> d.stage(m.facts().port(s), bare));
        }
    }

    private void committed(String device, Candidate c, List<Part> parts, Instant since, boolean scheduled) {
        Instant now = ctx.clock().instant();
        candidates.put(device, c);
        rollbackBy.put(device, now.plus(window));
        commitTook.put(device, Duration.between(since, now));
        ctx.commitTimes().record(device, Duration.between(since, now));
        for (Part p : parts) {
            // A plain commit (immediate activation) is permanent at once: there is nothing to confirm.
            p.member().scope.reached(p.side(), scheduled ? SideProgress.COMMITTED : SideProgress.CONFIRMED);
            p.member().scope.step("COMMIT", p.side(), since, scheduled ? "confirm within " + Text.seconds(window)
                    + (parts.size() > 1 ? ", " + parts.size() + " links in one commit" : "") : "plain commit");
        }
    }

    /** Whether {@code device}'s commit rolls back too soon to be confirmed safely; if so its members fail as overruns. */
    private boolean tooLateToConfirm(String device, List<Part> live) {
        Instant deadline = rollbackBy.get(device);
        if (deadline == null || live.isEmpty()
                || ctx.clock().instant().plus(ctx.config().confirmSafety()).plus(commitTook.get(device)).isBefore(deadline)) {
            return false;
        }
        live.forEach(p -> p.member().fail(p.member().overrun("too late to confirm " + device + " safely before its commit rolls"
                + " back at " + deadline)));
        return true;
    }

    /** One confirmation for the device, a safety margin before its window ends (a confirmation takes as long as a commit). */
    private void confirm(String device, List<Part> parts) {
        List<Part> live = parts.stream().filter(p -> p.member().alive()).toList();
        Candidate c = candidates.get(device);
        if (live.isEmpty() || c == null) {
            return;
        }
        if (tooLateToConfirm(device, live)) {
            return;
        }
        List<Part> sent = new ArrayList<>();
        for (Part p : live) {
            try {
                p.member().scope.checkFence();
                p.member().scope.sending(p.side(), SideProgress.CONFIRM_SENT);
                sent.add(p);
            } catch (Failure e) {
                // Its keys are in the commit this confirmation makes permanent: resolution removes them after.
                p.member().fail(e);
            } catch (Scope.Fenced f) {
                p.member().fail(new Failure(Reason.FENCED, f.getMessage()));
            }
        }
        Instant t = ctx.clock().instant();
        try {
            held.call(device, d -> {
                d.confirm(c);
                return null;
            });
        } catch (DriverException e) {
            live.forEach(p -> p.member().fail(new Failure(Reason.CONFIRM_FAILED, e.getMessage(), e)));
            return;
        }
        ctx.commitTimes().record(device, Duration.between(t, ctx.clock().instant()));
        for (Part p : sent) {
            p.member().scope.reached(p.side(), SideProgress.CONFIRMED);
            p.member().scope.step("CONFIRMED", p.side(), t, sent.size() > 1 ? sent.size() + " links in one confirmation" : "");
        }
    }

    private List<Part> sending(List<Part> parts, SideProgress progress) {
        List<Part> ok = new ArrayList<>();
        for (Part p : parts) {
            try {
                p.member().scope.sending(p.side(), progress);
                ok.add(p);
            } catch (Failure e) {
                p.member().fail(e);
            }
        }
        return ok;
    }

    /** The live members' sides, grouped by device (devices in name order: a stable order across runs). */
    private Map<String, List<Part>> byDevice() {
        Map<String, List<Part>> out = new TreeMap<>();
        for (Member m : members) {
            if (!m.alive()) {
                continue;
            }
            for (Side s : Side.values()) {
                out.computeIfAbsent(m.device(s), d -> new ArrayList<>()).add(new Part(m, s));
            }
        }
        return out;
    }

    /** Runs a per-member step on every live member; a failure drops that member only. */
    private void each(java.util.function.Consumer<Member> step) {
        for (Member m : members) {
            if (!m.alive()) {
                continue;
            }
            try {
                step.accept(m);
            } catch (Failure e) {
                m.fail(e);
            } catch (DriverException e) {
                m.fail(new Failure(DeviceAccess.outcomeUnknown(e) ? Reason.SESSION_LOST : Reason.STAGE_FAILED, e.getMessage(), e));
            } catch (Scope.Fenced e) {
                m.fail(new Failure(Reason.FENCED, e.getMessage()));
            }
        }
    }

    /** The device said no to the change itself (a validation error, a refused commit): nothing of it took effect. */
    private static boolean refusedAsAWhole(DriverException e) {
        return switch (e.kind()) {
            case DEVICE_ERROR, COMMIT_FAILED, INVALID_REQUEST -> true;
            default -> false;
        };
    }

    private void discardQuietly(String device, Candidate c) {
        try {
            held.call(device, d -> {
                d.discard(c);
                return null;
            });
        } catch (DriverException ignored) {
            // An uncommitted change ends with its session.
        }
    }

    @Override
    public String toString() {
        return "batch of " + members.size() + ": " + members.stream().map(m -> m.scope.link().id()).collect(Collectors.joining(", "));
    }
}
