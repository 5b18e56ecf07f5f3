package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.qkdmacsec.controller.engine.DeviceAccess.Held;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.controller.journal.SideProgress;
import org.qkdmacsec.controller.journal.TxnEndMove;
import org.qkdmacsec.controller.journal.TxnKey;
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.controller.journal.TxnState;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.KeyChainView;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.KeySlot;
import org.qkdmacsec.spi.Port;

/**
 * Decides what becomes of a transaction that cannot go on as planned — a failure before both ends
 * confirmed, MKA never securing the new key, a restart — from what the devices hold, never from what
 * the controller assumes. Every side that may hold our keys is read back first. Then: when both ends
 * hold every new key and the keys are still usable, the transaction goes FORWARD (commits still
 * awaiting confirmation are settled by a plain commit, immediate-activation ends switch); otherwise our
 * keys are removed wherever they are and moved end-times are put back (UNDONE). A side that cannot be
 * read is never guessed at: the answer is RETRY, and the caller tries again while the transaction keeps
 * the link.
 */
final class Resolution {
    enum Outcome { FORWARD, UNDONE, RETRY }

    /** @param removedAfterStart our keys were removed from a device after their start-time (it may have used them) */
    record Result(Outcome outcome, String detail, boolean removedAfterStart) { }

    private final Held held;
    private final Scope scope;
    private final Map<Side, Port> ports;
    private final boolean scheduled;

    /**
     * @param ports     each end's port as its driver needs it (with what the peer's driver published, when known)
     * @param scheduled the ends activate keys at start-times (false: immediate activation, Linux)
     */
    Resolution(Held held, Scope scope, Map<Side, Port> ports, boolean scheduled) {
        this.held = held;
        this.scope = scope;
        this.ports = Map.copyOf(ports);
        this.scheduled = scheduled;
    }

    Result run(boolean forwardAllowed) {
        TxnRecord txn = scope.record();
        Map<Side, KeyChainView> views = new EnumMap<>(Side.class);
        List<String> unreachable = new ArrayList<>();
        for (Side s : Side.values()) {
            if (!scope.progress(s).mayHoldKeys()) {
                continue; // nothing of this transaction was ever sent there
            }
            try {
                views.put(s, held.call(scope.device(s), d -> d.readKeys(ports.get(s))));
            } catch (DriverException e) {
                unreachable.add(scope.device(s) + " (" + e.getMessage() + ")");
            }
        }
        if (forwardAllowed && !txn.keys().isEmpty() && views.size() == 2
                && holdsAll(views.get(Side.A), txn) && holdsAll(views.get(Side.B), txn)) {
            Optional<Result> forward = forward();
            if (forward.isPresent()) {
                return forward.get();
            }
            // A side lost the keys while being settled (its commit rolled back first): undo instead.
            for (Side s : Side.values()) {
                views.put(s, held.call(scope.device(s), d -> d.readKeys(ports.get(s))));
            }
        }
        if (!unreachable.isEmpty()) {
            return new Result(Outcome.RETRY, "cannot read " + String.join(", ", unreachable) + " back", false);
        }
        boolean afterStart = scheduled && txn.startTime().map(t -> !scope.now().isBefore(t)).orElse(false);
        boolean removed = false;
        List<String> left = new ArrayList<>();
        for (Side s : views.keySet()) {
            try {
                removed |= undo(s, views.get(s), txn);
            } catch (DriverException e) {
                left.add(scope.device(s) + " (" + e.getMessage() + ")");
                scope.step("COMPENSATED", Optional.of(s), Duration.ZERO, "FAILED", e.getMessage());
            }
        }
        if (!left.isEmpty()) {
            return new Result(Outcome.RETRY, "could not remove our keys from " + String.join(", ", left), false);
        }
        return new Result(Outcome.UNDONE, "our keys are removed from both ends; the previous key stays in service",
                removed && afterStart);
    }

    /**
     * Both ends hold every key: settle what awaits confirmation, read both back (a settle that arrived
     * after a rollback settled nothing), switch immediate ends, and go on. Empty when a side lost the keys.
     */
    private Optional<Result> forward() {
        try {
            for (Side s : Side.values()) {
                SideProgress p = scope.progress(s);
                if (scheduled && p != SideProgress.CONFIRMED) {
                    // Junos and IOS-XR: a plain commit confirms a commit still awaiting confirmation.
                    scope.checkFence();
                    Instant t = scope.now();
                    scope.sending(s, SideProgress.CONFIRM_SENT);
                    held.call(scope.device(s), d -> {
                        d.commit(d.stage(ports.get(s), new KeyPlan(List.of(), List.of(), List.of())), Duration.ZERO);
                        return null;
                    });
                    scope.reached(s, SideProgress.CONFIRMED);
                    scope.step("CONFIRMED", s, t, "settled after reading both ends back: both hold the new key");
                } else if (!scheduled && p != SideProgress.ACTIVATED && p != SideProgress.CONFIRMED) {
                    scope.reached(s, SideProgress.CONFIRMED);
                }
            }
            TxnRecord txn = scope.record();
            for (Side s : Side.values()) {
                if (!holdsAll(held.call(scope.device(s), d -> d.readKeys(ports.get(s))), txn)) {
                    return Optional.empty();
                }
            }
            if (!scheduled) {
                Switchover.activate(held, scope, ports, txn.ckns().get(0));
            }
        } catch (DriverException e) {
            return Optional.of(new Result(Outcome.RETRY, "settling failed: " + e.getMessage(), false));
        }
        if (scope.record().state().ordinal() < TxnState.COMMITTED.ordinal()) {
            scope.state(TxnState.COMMITTED);
        }
        return Optional.of(new Result(Outcome.FORWARD, "both ends hold the new key", false));
    }

    /** Removes our keys from one device and puts back the end-times we moved there; true if anything was removed. */
    private boolean undo(Side s, KeyChainView v, TxnRecord txn) {
        List<String> present = txn.ckns().stream().filter(c -> v.slot(c).isPresent()).toList();
        List<KeyPlan.EndChange> restore = new ArrayList<>();
        for (TxnEndMove m : txn.endMoves()) {
            Optional<KeySlot> slot = v.slot(m.ckn());
            if (m.side().equals(s.label()) && slot.isPresent() && !slot.get().end().equals(m.oldEnd())) {
                restore.add(new KeyPlan.EndChange(m.ckn(), m.oldEnd()));
            }
        }
        if (present.isEmpty() && restore.isEmpty()) {
            scope.reached(s, SideProgress.UNDONE);
            return false;
        }
        scope.checkFence();
        Instant t = scope.now();
        Optional<String> sending = v.activeSendCkn().map(c -> c.toLowerCase(Locale.ROOT));
        if (!scheduled && sending.isPresent() && present.contains(sending.get())) {
            // Transmit goes back to the previous key before the new one is removed.
            Optional<String> previous = txn.previousCkn().filter(p -> v.slot(p).isPresent());
            if (previous.isEmpty()) {
                scope.note(scope.device(s) + " transmits with the new key and holds no previous key to go back to; it keeps the new key");
                return false;
            }
            held.call(scope.device(s), d -> {
                d.activate(ports.get(s), previous.get());
                return null;
            });
        }
        KeyPlan plan = new KeyPlan(List.of(), restore, present.stream().map(KeyPlan.Remove::new).toList());
        Optional<String> description = restoredDescription(v, txn);
        if (description.isPresent()) {
            plan = plan.withDescription(description.get());
        }
        KeyPlan undo = plan;
        held.call(scope.device(s), d -> {
            d.commit(d.stage(ports.get(s), undo), Duration.ZERO);
            return null;
        });
        KeyChainView after = held.call(scope.device(s), d -> d.readKeys(ports.get(s)));
        if (txn.ckns().stream().anyMatch(c -> after.slot(c).isPresent())) {
            throw new DriverException(DriverException.Kind.PROTOCOL, scope.device(s), "still shows a key it was told to remove");
        }
        scope.reached(s, SideProgress.UNDONE);
        scope.step("COMPENSATED", s, t, "removed " + present.size() + " key(s)"
                + (restore.isEmpty() ? "" : ", restored " + restore.size() + " end-time(s)"));
        return !present.isEmpty();
    }

    /**
     * A description that names one of the keys being removed goes back to naming the previous key (when
     * the journal knows its key_ID); otherwise it is left alone.
     */
    private Optional<String> restoredDescription(KeyChainView v, TxnRecord txn) {
        Optional<String> named = Descriptions.namedKeyId(v.description());
        boolean ours = named.isPresent() && txn.keys().stream().anyMatch(k -> k.keyId().equals(named.get()));
        if (!ours || scope.link().description().isEmpty() || txn.previousCkn().isEmpty()) {
            return Optional.empty();
        }
        return scope.keyIdOf(txn.previousCkn().get())
                .map(id -> Descriptions.render(scope.link().description().get(), v.description(), id, txn.previousCkn().get()));
    }

    /** The device shows every key of the transaction with its planned start (scheduled activation). */
    private boolean holdsAll(KeyChainView v, TxnRecord txn) {
        for (TxnKey k : txn.keys()) {
            Optional<KeySlot> slot = v.slot(k.ckn());
            if (slot.isEmpty() || scheduled && !Member.sameTime(slot.get().start(), k.start())) {
                return false;
            }
        }
        return true;
    }
}
