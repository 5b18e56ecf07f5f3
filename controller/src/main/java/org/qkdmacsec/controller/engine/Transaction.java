package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.qkdmacsec.controller.engine.DeviceAccess.Held;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.controller.journal.JournalException;
import org.qkdmacsec.controller.journal.LinkBusyException;
import org.qkdmacsec.controller.journal.SideProgress;
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.controller.journal.TxnState;
import org.qkdmacsec.controller.keys.DerivedKey;
import org.qkdmacsec.spi.DriverException;

/**
 * One rollover transaction for one link, as a sequence of phases (ARCHITECTURE.md "One rollover"):
 * {@link Preflight} → fetch → {@link Preparation} → {@link Verification} → {@link Retirement}, with
 * {@link Resolution} deciding from the devices whenever a phase cannot go on. Each phase that touches a
 * device runs under both devices' locks; waits between phases are timers, not blocked threads.
 *
 * <p>How a failure is handled depends only on how far the transaction got: before anything was sent it
 * is refused (nothing to undo); before both ends confirmed, {@link Resolution} reads both back and goes
 * forward or removes ours; after the start-time a key MKA never secured is reverted the same way; once
 * both ends verified the new key, nothing removes it — retirement failures only defer cleanup.
 */
final class Transaction {
    /** What the engine learns of a transaction's life. */
    interface Lifecycle {
        /** Both ends confirmed (or it ended): the link may be prepared by another transaction. */
        void released(Transaction t);

        void finished(Transaction t, RolloverResult r);

        /** The engine is shutting down: leave committed work to the devices and the next run. */
        boolean closing();
    }

    private final EngineContext ctx;
    private final RolloverRequest request;
    private final Lifecycle lifecycle;
    private final CompletableFuture<RolloverResult> result = new CompletableFuture<>();
    private final Instant begunAt;
    private Scope scope;
    private LinkFacts facts;
    private Preflight.Outcome preflight;
    private Failure failure;
    private Instant failedAt;
    private Instant verifyDeadline;
    private boolean inDoubtRaised;

    Transaction(EngineContext ctx, RolloverRequest request, Lifecycle lifecycle) {
        this.ctx = ctx;
        this.request = request;
        this.lifecycle = lifecycle;
        this.begunAt = ctx.clock().instant();
        this.scope = new Scope(ctx, request.link(), Optional.empty());
    }

    /** A transaction found unfinished in the journal (crash, kill -9, a dead HA peer), taken over by this engine. */
    static Transaction resume(EngineContext ctx, TxnRecord record, LinkSpec link, Lifecycle lifecycle) {
        Transaction t = new Transaction(ctx, RolloverRequest.immediate(link), lifecycle);
        t.scope = new Scope(ctx, link, Optional.of(record));
        return t;
    }

    CompletableFuture<RolloverResult> result() {
        return result;
    }

    String linkId() {
        return request.link().id();
    }

    Optional<TxnRecord> record() {
        return scope.maybeRecord();
    }

    // --- PLANNED ---------------------------------------------------------------------------------------

    void begin() {
        if (request.mode() != RolloverRequest.Mode.PLAN) {
            String id = java.util.UUID.randomUUID().toString();
            try {
                scope = new Scope(ctx, request.link(), Optional.of(ctx.ledger().journal().begin(id, linkId(), Optional.empty())));
            } catch (LinkBusyException e) {
                refused(Reason.LINK_BUSY, e.getMessage() + (e.holderOwner().equals(ctx.ledger().journal().owner())
                        ? "" : "; it finishes on its own or awaits recovery"));
                return;
            } catch (JournalException e) {
                // The begin may have been written although its answer was lost: end that row (if it is
                // there) so it cannot keep the link claimed, retrying while the journal is down.
                String message = "the journal cannot begin a transaction: " + e.getMessage();
                scope = new Scope(ctx, request.link(), Optional.of(new TxnRecord(id, linkId(), TxnState.PLANNED,
                        ctx.ledger().journal().owner(), scope.now(), scope.now(), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), List.of(), SideProgress.NONE, SideProgress.NONE, List.of())));
                finish(TxnState.ABORTED, Optional.of(Reason.JOURNAL_UNAVAILABLE), message);
                return;
            }
        }
        scope.step("PLANNED", Optional.empty(), Duration.ZERO, "OK", request.immediate() ? "immediate" : "scheduled");
        withDevices(this::preflight);
    }

    private void preflight(Held held) {
        preflight = Preflight.run(held, scope, request);
        facts = preflight.facts();
        switch (request.mode()) {
            case PLAN -> {
                held.release();
                complete(result(TxnState.DONE, Optional.empty(), Previews.describe(scope, preflight), List.of(),
                        preflight.plan().firstStart(), Map.of()));
            }
            case DRY_RUN -> {
                Previews.DryRun d = Previews.dryRun(held, scope, preflight);
                held.release();
                ctx.ledger().attempt("finish dry run", () -> ctx.ledger().journal().finish(scope.txnId(), TxnState.DONE,
                        Optional.of("DRY_RUN"), Optional.empty()));
                complete(result(TxnState.DONE, Optional.empty(), d.ckns().isEmpty() ? "dry run: keyring full, nothing would be added"
                        : "dry run: " + d.ckns().size() + " key(s) would start at " + d.start()
                        + "; nothing was committed, no KME key consumed", d.ckns(), Optional.of(d.start()), d.diffs()));
            }
            case EXECUTE -> {
                if (preflight.keysNeeded() == 0) {
                    Retirement.run(held, scope, facts, List.of()).forEach(scope::note);
                    held.release();
                    finish(TxnState.DONE, Optional.empty(), "keyring full; nothing to add");
                } else {
                    held.release();
                    soon(this::fetch);
                }
            }
        }
    }

    // --- FETCHED ---------------------------------------------------------------------------------------

    private void fetch() {
        fetch(scope.now(), 0);
    }

    /**
     * Asks the KMEs for the keys. A KME that has none yet and consumed nothing ("not enough keys yet")
     * is asked again with growing pauses, within {@link EngineConfig#kmeWait()} of the first try.
     */
    private void fetch(Instant t0, int attempt) {
        List<DerivedKey> keys;
        try {
            keys = ctx.keys().fetch(scope.link(), preflight.keysNeeded());
        } catch (KeySupplyException e) {
            Optional<Duration> again = e.retryAfter().map(d -> backoff(d, attempt));
            if (again.isPresent() && scope.now().plus(again.get()).isBefore(t0.plus(ctx.config().kmeWait()))) {
                scope.step("FETCH", Optional.empty(), Duration.between(t0, scope.now()), "RETRY", e.getMessage()
                        + "; asking again in " + Text.seconds(again.get()));
                at(scope.now().plus(again.get()), () -> fetch(t0, attempt + 1));
                return;
            }
            failed(null, new Failure(e.reason(), e.getMessage(), e));
            return;
        } catch (RuntimeException e) {
            failed(null, new Failure(Reason.INTERNAL_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage(), e));
            return;
        }
        scope.state(TxnState.FETCHED);
        scope.step("FETCHED", Optional.empty(), Duration.between(t0, scope.now()), "OK", keys.size() + " key(s): "
                + String.join(", ", keys.stream().map(DerivedKey::keyId).toList()));
        ctx.devices().with(devices(), held -> {
            try {
                prepare(held, keys, t0);
            } finally {
                keys.forEach(DerivedKey::close);
            }
        });
    }

    private static Duration backoff(Duration first, int attempt) {
        Duration d = first.multipliedBy(1L << Math.min(attempt, 5));
        return d.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : d;
    }

    // --- STAGED / COMMITTED ------------------------------------------------------------------------------

    private void prepare(Held held, List<DerivedKey> keys, Instant fetchStartedAt) {
        guarded(held, () -> {
            Preparation.Prepared p = new Preparation(held, scope, request).run(facts, preflight.previousCkn(), keys, fetchStartedAt);
            facts = p.facts();
            if (!facts.scheduled()) {
                Switchover.activate(held, scope, facts.ports(), newCkns().get(0));
            }
            held.release();
            committed();
        });
    }

    /** Both ends confirmed: the link is free for the next preparation; verification waits for the start-time. */
    private void committed() {
        ctx.ledger().attempt("release the link", () -> ctx.ledger().journal().prepared(scope.txnId()));
        lifecycle.released(this);
        Instant start = scope.record().startTime().orElse(scope.now());
        at(facts.scheduled() ? start.plus(ctx.config().verifySettle()) : scope.now().plus(ctx.config().pollInterval()), this::verify);
    }

    // --- ACTIVE ----------------------------------------------------------------------------------------

    private void verify() {
        Instant start = facts.scheduled() ? scope.record().startTime().orElseThrow() : scope.now();
        if (verifyDeadline == null) {
            verifyDeadline = start.plus(ctx.config().verifyTimeout());
        }
        withDevices(held -> {
            Verification.Poll p = Verification.poll(held, scope, facts, newCkns().get(0));
            if (p.verdict() == Verification.Verdict.UNREADABLE) {
                // MKA gets its full time from when both ends can be read again (a device back from a
                // restart needs a hello or two), not a deadline that ran out while it was away.
                Instant again = scope.now().plus(ctx.config().verifyTimeout());
                verifyDeadline = again.isAfter(verifyDeadline) ? again : verifyDeadline;
            }
            if (p.verdict() == Verification.Verdict.SECURED) {
                held.release();
                scope.state(TxnState.ACTIVE);
                scope.step("ACTIVE", Optional.empty(), Duration.between(start, scope.now()), "OK", p.detail());
                ctx.events().keyActive(linkId(), start);
                at(start.plus(scope.link().overlap()), this::retire);
            } else if (p.verdict() == Verification.Verdict.UNREADABLE ? scope.now().isBefore(start.plus(ctx.config().reconcileTimeout()))
                    : scope.now().isBefore(verifyDeadline)) {
                // A device that cannot be read has not said no: keep asking (its key may well be in service).
                held.release();
                at(scope.now().plus(ctx.config().pollInterval()), this::verify);
            } else if (p.verdict() == Verification.Verdict.UNREADABLE) {
                held.release();
                scope.alarm("UNVERIFIED", "could not read MKA since the start-time: " + p.detail());
                finish(TxnState.FAILED, Optional.of(Reason.DEVICE_UNREACHABLE), "the new key could not be verified: " + p.detail());
            } else {
                scope.step("VERIFY", Optional.empty(), Duration.between(start, scope.now()), "FAILED", p.detail());
                if (scope.record().previousCkn().isEmpty()) {
                    held.release();
                    finish(TxnState.FAILED, Optional.of(Reason.VERIFY_TIMEOUT), "MKA did not report the new key secured: "
                            + p.detail() + " (bootstrap: no previous key to fall back to)");
                    return;
                }
                // MKA said no: put the previous key (still configured on both ends) back in charge.
                failed(held, Failure.keysUnusable(Reason.VERIFY_TIMEOUT, "MKA did not report the new key secured within "
                        + Text.seconds(ctx.config().verifyTimeout()) + " of its start: " + p.detail()));
            }
        });
    }

    // --- RETIRED / DONE ----------------------------------------------------------------------------------

    private void retire() {
        ctx.devices().with(devices(), held -> {
            try {
                Retirement.run(held, scope, facts, newCkns()).forEach(scope::note);
            } catch (RuntimeException e) {
                // The new key is in service on both ends: a retirement problem only defers cleanup.
                scope.note("retirement deferred to the next run: " + e.getMessage());
            } finally {
                held.release();
            }
            scope.state(TxnState.RETIRED);
            finish(TxnState.DONE, Optional.empty(), "new key " + Text.ckn(newCkns().get(0)) + " active on both ends since "
                    + scope.record().startTime().map(Instant::toString).orElse("its switch"));
        });
    }

    // --- recovery ----------------------------------------------------------------------------------------

    /**
     * The devices are the truth: a transaction that had verified its key is only retired; any other is
     * resolved from both ends — forward when both hold every new key, else our keys are removed.
     */
    void reconcile() {
        TxnRecord rec = scope.record();
        scope.step("RECOVERY", Optional.empty(), Duration.ZERO, "OK", "found in state " + rec.state() + " (owner " + rec.owner() + ")");
        if (rec.keys().isEmpty()) {
            finish(TxnState.ABORTED, Optional.of(Reason.RECOVERED), "interrupted before any key was staged; nothing to undo");
            return;
        }
        withDevices(this::reconcileWith);
    }

    private void reconcileWith(Held held) {
        try {
            facts = LinkFacts.read(held, scope, Reason.DEVICE_UNREACHABLE);
        } catch (Failure e) {
            held.release();
            if (failedAt == null) {
                failedAt = scope.now();
            }
            if (scope.now().isAfter(failedAt.plus(ctx.config().reconcileTimeout()))) {
                scope.alarm("COMPENSATION_FAILED", "cannot read both ends to recover: " + e.getMessage());
                finish(TxnState.FAILED, Optional.of(Reason.COMPENSATION_FAILED), "could not recover: " + e.getMessage());
            } else {
                at(scope.now().plus(ctx.config().pollInterval()), () -> withDevices(this::reconcileWith));
            }
            return;
        }
        if (scope.record().state().ordinal() >= TxnState.ACTIVE.ordinal()) {
            held.release();
            scope.note("recovered after a restart: the new key had been verified on both ends");
            Instant retireAt = scope.record().startTime().orElse(scope.now()).plus(scope.link().overlap());
            at(retireAt.isAfter(scope.now()) ? retireAt : scope.now(), this::retire);
            return;
        }
        failed(held, new Failure(Reason.RECOVERED, "found after a restart in state " + scope.record().state()));
    }

    // --- failure handling --------------------------------------------------------------------------------

    /** Runs a phase body; a failure goes to {@link #failed}. The body releases the devices on success. */
    private void guarded(Held held, Runnable body) {
        try {
            body.run();
        } catch (Failure f) {
            failed(held, f);
        } catch (DriverException e) {
            failed(held, new Failure(DeviceAccess.outcomeUnknown(e) ? Reason.SESSION_LOST : Reason.STAGE_FAILED, e.getMessage(), e));
        } catch (Scope.Fenced e) {
            if (held != null) {
                held.release();
            }
            complete(result(scope.maybeRecord().map(TxnRecord::state).orElse(TxnState.ABORTED), Optional.of(Reason.FENCED),
                    e.getMessage(), newCkns(), scope.maybeRecord().flatMap(TxnRecord::startTime), Map.of()));
        } catch (RuntimeException e) {
            failed(held, new Failure(Reason.INTERNAL_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage(), e));
        }
    }

    /**
     * A phase cannot go on. Nothing sent yet: refused, nothing to undo. Otherwise {@link Resolution}
     * decides from the devices (retrying while one cannot be read).
     */
    private void failed(Held held, Failure f) {
        boolean touched = scope.maybeRecord().map(r -> r.sideA().mayHoldKeys() || r.sideB().mayHoldKeys()).orElse(false);
        if (!touched) {
            if (held != null) {
                held.release();
            }
            scope.step("REFUSED", Optional.empty(), Duration.between(begunAt, scope.now()), "FAILED", f.reason() + ": " + f.getMessage());
            finish(TxnState.ABORTED, Optional.of(f.reason()), f.getMessage());
            return;
        }
        if (failure == null || failure.reason() == Reason.RECOVERED) {
            scope.step("FAILED", Optional.empty(), Duration.between(begunAt, scope.now()), "FAILED", f.reason() + ": " + f.getMessage());
        }
        failure = f;
        failedAt = failedAt == null ? scope.now() : failedAt;
        if (held == null) {
            withDevices(h -> resolve(h, f.keysUsable()));
        } else {
            resolve(held, f.keysUsable());
        }
    }

    private void resolve(Held held, boolean forwardAllowed) {
        Resolution.Result r;
        try {
            r = new Resolution(held, scope, ports(), scheduled()).run(forwardAllowed);
        } catch (Scope.Fenced e) {
            guarded(held, () -> {
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
                scope.note("after " + failure.reason() + " (" + failure.getMessage() + ") both ends turned out to hold the new key;"
                        + " the transaction went on");
                failure = null;
                failedAt = null;
                committed();
            }
            case UNDONE -> {
                if (r.removedAfterStart() && failure.reason() != Reason.VERIFY_TIMEOUT) {
                    scope.alarm("EMERGENCY_REVERT", "our keys were removed after their start-time (" + failure.getMessage()
                            + "); an end may have used the new key alone until then");
                }
                if (failure.reason() == Reason.VERIFY_TIMEOUT) {
                    scope.audit("REVERTED", failure.getMessage());
                }
                finish(TxnState.ABORTED, Optional.of(failure.reason()), failure.getMessage() + "; " + r.detail());
            }
            case RETRY -> retryResolution(forwardAllowed, r.detail());
        }
    }

    private void retryResolution(boolean forwardAllowed, String why) {
        Optional<Instant> start = scope.record().startTime();
        if (scope.now().isAfter(failedAt.plus(ctx.config().reconcileTimeout()))) {
            String msg = failure.getMessage() + "; " + why + " for " + Text.seconds(ctx.config().reconcileTimeout())
                    + " — an operator must check both ends (our keys: " + String.join(", ", newCkns().stream().map(Text::ckn).toList()) + ")";
            scope.alarm("COMPENSATION_FAILED", msg);
            finish(TxnState.FAILED, Optional.of(Reason.COMPENSATION_FAILED), msg);
            return;
        }
        if (!inDoubtRaised && scheduled() && start.isPresent() && !scope.now().isBefore(start.get())) {
            inDoubtRaised = true;
            scope.alarm("IN_DOUBT", "the start-time " + start.get() + " passed while " + why + "; retrying every "
                    + Text.seconds(ctx.config().pollInterval()));
        }
        scope.step("RESOLVE", Optional.empty(), Duration.between(failedAt, scope.now()), "RETRY", why);
        at(scope.now().plus(ctx.config().pollInterval()), () -> withDevices(h -> resolve(h, forwardAllowed)));
    }

    // --- endings -----------------------------------------------------------------------------------------

    private void refused(Reason reason, String message) {
        Optional<TxnRecord> row = Optional.empty();
        try {
            row = Optional.of(ctx.ledger().journal().refused(linkId(), reason.name(), message));
        } catch (JournalException e) {
            // Nothing was begun; the refusal is still reported to the caller.
        }
        scope = new Scope(ctx, request.link(), row);
        complete(result(TxnState.ABORTED, Optional.of(reason), message, List.of(), Optional.empty(), Map.of()));
    }

    private void finish(TxnState state, Optional<Reason> reason, String message) {
        if (result.isDone()) {
            return;
        }
        RolloverResult r = result(state, reason, message, newCkns(), scope.maybeRecord().flatMap(TxnRecord::startTime), Map.of());
        if (scope.maybeRecord().isEmpty()) {
            complete(r);
            return;
        }
        recordEnd(r, scope.now());
    }

    /**
     * Writes the end to the journal, then completes. A journal that cannot take it is asked again every
     * poll interval: until it has, the transaction is not over (another process would see it unfinished
     * and might take it over), so it stays in flight — within the reconcile timeout.
     */
    private void recordEnd(RolloverResult r, Instant since) {
        TxnRecord rec = scope.record();
        Optional<String> error = r.state() == TxnState.DONE ? Optional.empty() : Optional.of(r.message());
        boolean written = ctx.ledger().attempt("finish " + rec.id(), () -> ctx.ledger().journal().finish(rec.id(), r.state(),
                r.reason().map(Enum::name), error));
        if (!written && scope.now().isBefore(since.plus(ctx.config().reconcileTimeout())) && !lifecycle.closing()) {
            at(scope.now().plus(ctx.config().pollInterval()), () -> recordEnd(r, since));
            return;
        }
        if (!written) {
            scope.note("the journal could not record the end of this transaction; the next run reconciles it");
        }
        LinkStatus.record(scope, facts, r.state(), r.reason(), r.message());
        complete(written ? r : result(r.state(), r.reason(), r.message(), r.newCkns(), r.start(), r.diffs()));
    }

    private void complete(RolloverResult r) {
        if (!result.isDone()) {
            lifecycle.finished(this, r);
            result.complete(r);
        }
    }

    private RolloverResult result(TxnState state, Optional<Reason> reason, String message, List<String> ckns,
                                  Optional<Instant> start, Map<String, String> diffs) {
        return new RolloverResult(scope.maybeRecord().map(TxnRecord::id), linkId(), state, reason, message, ckns, start,
                scope.maybeRecord().flatMap(TxnRecord::lead), Duration.between(begunAt, scope.now()), diffs, scope.notes());
    }

    // --- plumbing ------------------------------------------------------------------------------------------

    private List<String> newCkns() {
        return scope.maybeRecord().map(TxnRecord::ckns).orElse(List.of());
    }

    private Set<String> devices() {
        return Set.of(scope.link().a().device(), scope.link().b().device());
    }

    private boolean scheduled() {
        return facts == null || facts.scheduled();
    }

    private Map<Side, org.qkdmacsec.spi.Port> ports() {
        return facts != null ? facts.ports() : Map.of(Side.A, scope.link().a().port(), Side.B, scope.link().b().port());
    }

    /** Runs {@code body} holding both devices, with failures handled by how far the transaction got. */
    private void withDevices(java.util.function.Consumer<Held> body) {
        ctx.devices().with(devices(), held -> guarded(held, () -> body.accept(held)));
    }

    private void soon(Runnable task) {
        at(null, task);
    }

    /**
     * Schedules the next phase. When the engine is shutting down nothing is scheduled: what is committed
     * stays committed (the devices activate it at its start-time) and the journal keeps the transaction
     * for the next run to verify and retire.
     */
    private void at(Instant when, Runnable task) {
        if (lifecycle.closing()) {
            return;
        }
        try {
            if (when == null) {
                ctx.scheduler().execute(task);
            } else {
                ctx.scheduler().executeAt(when, task);
            }
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Shut down between the check and the call: the same as above.
        }
    }

    /** For the engine's account of work left behind at shutdown. */
    SideProgress progress(Side s) {
        return scope.maybeRecord().map(r -> r.side(s.label())).orElse(SideProgress.NONE);
    }
}
