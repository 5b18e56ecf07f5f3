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
    private final Ending ending;
    private final Instant begunAt;
    private Scope scope;
    private LinkFacts facts;
    private Preflight.Outcome preflight;
    private Instant verifyDeadline;
    private final Trouble trouble = new Trouble(this);

    Transaction(EngineContext ctx, RolloverRequest request, Lifecycle lifecycle) {
        this.ctx = ctx;
        this.request = request;
        this.lifecycle = lifecycle;
        this.ending = new Ending(ctx, this, lifecycle);
        this.begunAt = ending.begunAt();
        this.scope = new Scope(ctx, request.link(), Optional.empty());
    }

    /** A transaction found unfinished in the journal (crash, kill -9, a dead HA peer), taken over by this engine. */
    static Transaction resume(EngineContext ctx, TxnRecord record, LinkSpec link, Lifecycle lifecycle) {
        Transaction t = new Transaction(ctx, RolloverRequest.immediate(link), lifecycle);
        t.scope = new Scope(ctx, link, Optional.of(record));
        return t;
    }

    CompletableFuture<RolloverResult> result() {
        return ending.future();
    }

    String linkId() {
        return request.link().id();
    }

    Optional<TxnRecord> record() {
        return scope.maybeRecord();
    }

    // --- PLANNED ---------------------------------------------------------------------------------------

    void begin() {
        if (request.mode() == RolloverRequest.Mode.EXECUTE) {
            ctx.batcher().expect(this, devices());
        }
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
        ctx.batcher().offer(new Member(this, scope, request, facts, preflight.previousCkn(), keys, t0));
    }

    private static Duration backoff(Duration first, int attempt) {
        Duration d = first.multipliedBy(1L << Math.min(attempt, 5));
        return d.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : d;
    }

    // --- STAGED / COMMITTED ------------------------------------------------------------------------------

    /** The batch this transaction was prepared in is through: go on, or hand the failure to resolution. */
    void afterPreparation(Held held, Member m) {
        Optional<Failure> f = m.failure();
        if (f.isPresent() && f.get().reason() == Reason.FENCED) {
            guarded(held, () -> {
                throw new Scope.Fenced(scope.txnId());
            });
            return;
        }
        if (f.isPresent()) {
            failed(held, f.get());
            return;
        }
        guarded(held, () -> {
            facts = m.prepared().orElseThrow().facts();
            if (!facts.scheduled()) {
                Switchover.activate(held, scope, facts.ports(), newCkns().get(0));
            }
            held.release();
            committed();
        });
    }

    /** Both ends confirmed: the link is free for the next preparation; verification waits for the start-time. */
    void committed() {
        ctx.ledger().attempt("release the link", () -> ctx.ledger().journal().prepared(scope.txnId()));
        lifecycle.released(this);
        ctx.retirements().expect(scope, devices()); // its retirement is coming: others on these devices may wait for it
        Instant start = scope.record().startTime().orElse(scope.now());
        at(facts.scheduled() ? start.plus(ctx.config().verifySettle()) : scope.now().plus(ctx.config().pollInterval()), this::verify);
    }

    // --- ACTIVE ----------------------------------------------------------------------------------------

    private void verify() {
        Instant start = facts.scheduled() ? scope.record().startTime().orElseThrow() : scope.now();
        if (verifyDeadline == null) {
            verifyDeadline = Verification.deadline(start, scope.now(), ctx.config());
        }
        withDevices(held -> {
            Verification.Poll p = Verification.poll(held, scope, facts, newCkns());
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
    void retire() {
        ctx.retirements().offer(new Retirement.Retiree(scope, facts, newCkns(), this::retired));
    }

    /** Retirement is through (keys it could not remove wait for the next run): the transaction is DONE. */
    private void retired(List<String> leftBehind) {
        leftBehind.forEach(scope::note);
        scope.state(TxnState.RETIRED);
        finish(TxnState.DONE, Optional.empty(), "new key " + Text.ckn(newCkns().get(0)) + " active on both ends since "
                + scope.record().startTime().map(Instant::toString).orElse("its switch"));
    }

    // --- recovery and failure ---------------------------------------------------------------------------

    /** A transaction found unfinished in the journal: resolved from both devices ({@link Trouble#reconcile}). */
    void reconcile() {
        trouble.reconcile();
    }

    /** Runs a phase body; a failure goes to {@link #failed}. The body releases the devices on success. */
    void guarded(Held held, Runnable body) {
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

    private void failed(Held held, Failure f) {
        trouble.failed(held, f);
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

    void finish(TxnState state, Optional<Reason> reason, String message) {
        ending.finish(scope, facts, state, reason, message);
    }

    private void complete(RolloverResult r) {
        ending.complete(r);
    }

    private RolloverResult result(TxnState state, Optional<Reason> reason, String message, List<String> ckns,
                                  Optional<Instant> start, Map<String, String> diffs) {
        return ending.result(scope, state, reason, message, ckns, start, diffs);
    }

    // --- plumbing ------------------------------------------------------------------------------------------

    EngineContext ctx() {
        return ctx;
    }

    Scope scope() {
        return scope;
    }

    Instant begunAt() {
        return begunAt;
    }

    LinkFacts facts() {
        return facts;
    }

    void facts(LinkFacts read) {
        facts = read;
    }

    List<String> newCkns() {
        return Ending.ckns(scope);
    }

    private Set<String> devices() {
        return Set.of(scope.link().a().device(), scope.link().b().device());
    }

    boolean scheduled() {
        return facts == null || facts.scheduled();
    }

    Map<Side, org.qkdmacsec.spi.Port> ports() {
        return facts != null ? facts.ports() : Map.of(Side.A, scope.link().a().port(), Side.B, scope.link().b().port());
    }

    /** Runs {@code body} holding both devices, with failures handled by how far the transaction got. */
    void withDevices(java.util.function.Consumer<Held> body) {
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
    void at(Instant when, Runnable task) {
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
