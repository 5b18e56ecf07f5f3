package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.qkdmacsec.controller.engine.DeviceAccess.Held;
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.controller.journal.TxnState;

/**
 * A {@link Transaction} that cannot go on, or was found unfinished after a restart. Nothing sent yet: it
 * is refused. Otherwise {@link Resolution} decides from both devices — forward when both hold every new
 * key, else ours are removed — asking again every poll interval while a device cannot be read, raising
 * IN_DOUBT once the start-time passes undecided and COMPENSATION_FAILED after the reconcile timeout.
 */
final class Trouble {
    private final Transaction t;
    private Failure failure;
    private Instant failedAt;
    private boolean inDoubtRaised;

    Trouble(Transaction t) {
        this.t = t;
    }

    private Scope scope() {
        return t.scope();
    }

    /**
     * The devices are the truth: a transaction that had verified its key is only retired; any other is
     * resolved from both ends — forward when both hold every new key, else our keys are removed.
     */
    void reconcile() {
        TxnRecord rec = scope().record();
        scope().step("RECOVERY", Optional.empty(), Duration.ZERO, "OK", "found in state " + rec.state() + " (owner " + rec.owner() + ")");
        if (rec.keys().isEmpty()) {
            t.finish(TxnState.ABORTED, Optional.of(Reason.RECOVERED), "interrupted before any key was staged; nothing to undo");
            return;
        }
        t.withDevices(this::reconcileWith);
    }

    private void reconcileWith(Held held) {
        try {
            t.facts(LinkFacts.read(held, scope(), Reason.DEVICE_UNREACHABLE));
        } catch (Failure e) {
            held.release();
            if (failedAt == null) {
                failedAt = scope().now();
            }
            if (scope().now().isAfter(failedAt.plus(t.ctx().config().reconcileTimeout()))) {
                scope().alarm("COMPENSATION_FAILED", "cannot read both ends to recover: " + e.getMessage());
                t.finish(TxnState.FAILED, Optional.of(Reason.COMPENSATION_FAILED), "could not recover: " + e.getMessage());
            } else {
                t.at(scope().now().plus(t.ctx().config().pollInterval()), () -> t.withDevices(this::reconcileWith));
            }
            return;
        }
        if (scope().record().state().ordinal() >= TxnState.ACTIVE.ordinal()) {
            held.release();
            scope().note("recovered after a restart: the new key had been verified on both ends");
            Instant retireAt = scope().record().startTime().orElse(scope().now()).plus(scope().link().overlap());
            t.at(retireAt.isAfter(scope().now()) ? retireAt : scope().now(), t::retire);
            return;
        }
        failed(held, new Failure(Reason.RECOVERED, "found after a restart in state " + scope().record().state()));
    }

    /**
     * A phase cannot go on. Nothing sent yet: refused, nothing to undo. Otherwise {@link Resolution}
     * decides from the devices (retrying while one cannot be read).
     */
    void failed(Held held, Failure f) {
        boolean touched = scope().maybeRecord().map(r -> r.sideA().mayHoldKeys() || r.sideB().mayHoldKeys()).orElse(false);
        if (!touched) {
            if (held != null) {
                held.release();
            }
            scope().step("REFUSED", Optional.empty(), Duration.between(t.begunAt(), scope().now()), "FAILED", f.reason() + ": " + f.getMessage());
            t.finish(TxnState.ABORTED, Optional.of(f.reason()), f.getMessage());
            return;
        }
        if (failure == null || failure.reason() == Reason.RECOVERED) {
            scope().step("FAILED", Optional.empty(), Duration.between(t.begunAt(), scope().now()), "FAILED", f.reason() + ": " + f.getMessage());
        }
        failure = f;
        failedAt = failedAt == null ? scope().now() : failedAt;
        if (held == null) {
            t.withDevices(h -> resolve(h, f.keysUsable()));
        } else {
            resolve(held, f.keysUsable());
        }
    }

    private void resolve(Held held, boolean forwardAllowed) {
        Resolution.Result r;
        try {
            r = new Resolution(held, scope(), t.ports(), t.scheduled()).run(forwardAllowed);
        } catch (Scope.Fenced e) {
            t.guarded(held, () -> {
                throw e;
            });
            return;
        } catch (RuntimeException e) {
            // A device or the journal failing while we decide: nothing is decided, so ask again.
            r = new Resolution.Result(Resolution.Outcome.RETRY, e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        }
        held.release();
        switch (r.outcome()) {
            case FORWARD -> {
                scope().note("after " + failure.reason() + " (" + failure.getMessage() + ") both ends turned out to hold the new key;"
                        + " the transaction went on");
                failure = null;
                failedAt = null;
                t.committed();
            }
            case UNDONE -> {
                if (r.removedAfterStart() && failure.reason() != Reason.VERIFY_TIMEOUT) {
                    scope().alarm("EMERGENCY_REVERT", "our keys were removed after their start-time (" + failure.getMessage()
                            + "); an end may have used the new key alone until then");
                }
                if (failure.reason() == Reason.VERIFY_TIMEOUT) {
                    scope().audit("REVERTED", failure.getMessage());
                }
                t.finish(TxnState.ABORTED, Optional.of(failure.reason()), failure.getMessage() + "; " + r.detail());
            }
            case RETRY -> retryResolution(forwardAllowed, r.detail());
        }
    }

    private void retryResolution(boolean forwardAllowed, String why) {
        Optional<Instant> start = scope().record().startTime();
        if (scope().now().isAfter(failedAt.plus(t.ctx().config().reconcileTimeout()))) {
            String msg = failure.getMessage() + "; " + why + " for " + Text.seconds(t.ctx().config().reconcileTimeout())
                    + " — an operator must check both ends (our keys: " + String.join(", ", t.newCkns().stream().map(Text::ckn).toList()) + ")";
            scope().alarm("COMPENSATION_FAILED", msg);
            t.finish(TxnState.FAILED, Optional.of(Reason.COMPENSATION_FAILED), msg);
            return;
        }
        if (!inDoubtRaised && t.scheduled() && start.isPresent() && !scope().now().isBefore(start.get())) {
            inDoubtRaised = true;
            scope().alarm("IN_DOUBT", "the start-time " + start.get() + " passed while " + why + "; retrying every "
                    + Text.seconds(t.ctx().config().pollInterval()));
        }
        scope().step("RESOLVE", Optional.empty(), Duration.between(failedAt, scope().now()), "RETRY", why);
        t.at(scope().now().plus(t.ctx().config().pollInterval()), () -> t.withDevices(h -> resolve(h, forwardAllowed)));
    }
}
