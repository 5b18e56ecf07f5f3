package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.controller.journal.TxnState;

/**
 * How a {@link Transaction} ends: its result for the caller, and the end written to the journal first —
 * a transaction whose end the journal has not taken is not over (another process would find it
 * unfinished), so the write is retried every poll interval within the reconcile timeout.
 */
final class Ending {
    private final EngineContext ctx;
    private final Transaction txn;
    private final Transaction.Lifecycle lifecycle;
    private final Instant begunAt;
    private final CompletableFuture<RolloverResult> result = new CompletableFuture<>();

    Ending(EngineContext ctx, Transaction txn, Transaction.Lifecycle lifecycle) {
        this.ctx = ctx;
        this.txn = txn;
        this.lifecycle = lifecycle;
        this.begunAt = ctx.clock().instant();
    }

    CompletableFuture<RolloverResult> future() {
        return result;
    }

    Instant begunAt() {
        return begunAt;
    }

    /** Ends the transaction {@code scope} stands for; {@code facts} (may be null) give the link status its ends. */
    void finish(Scope scope, LinkFacts facts, TxnState state, Optional<Reason> reason, String message) {
        if (result.isDone()) {
            return;
        }
        RolloverResult r = result(scope, state, reason, message, ckns(scope), scope.maybeRecord().flatMap(TxnRecord::startTime), Map.of());
        if (scope.maybeRecord().isEmpty()) {
            complete(r);
            return;
        }
        recordEnd(scope, facts, r, scope.now());
    }

    private void recordEnd(Scope scope, LinkFacts facts, RolloverResult r, Instant since) {
        TxnRecord rec = scope.record();
        Optional<String> error = r.state() == TxnState.DONE ? Optional.empty() : Optional.of(r.message());
        boolean written = ctx.ledger().attempt("finish " + rec.id(), () -> ctx.ledger().journal().finish(rec.id(), r.state(),
                r.reason().map(Enum::name), error));
        if (!written && scope.now().isBefore(since.plus(ctx.config().reconcileTimeout())) && !lifecycle.closing()) {
            try {
                ctx.scheduler().executeAt(scope.now().plus(ctx.config().pollInterval()), () -> recordEnd(scope, facts, r, since));
                return;
            } catch (RejectedExecutionException e) {
                // shutting down: report what we have
            }
        }
        if (!written) {
            scope.note("the journal could not record the end of this transaction; the next run reconciles it");
        }
        LinkStatus.record(scope, facts, r.state(), r.reason(), r.message());
        complete(written ? r : result(scope, r.state(), r.reason(), r.message(), r.newCkns(), r.start(), r.diffs()));
    }

    void complete(RolloverResult r) {
        if (!result.isDone()) {
            lifecycle.finished(txn, r);
            result.complete(r);
        }
    }

    RolloverResult result(Scope scope, TxnState state, Optional<Reason> reason, String message, List<String> ckns,
                          Optional<Instant> start, Map<String, String> diffs) {
        return new RolloverResult(scope.maybeRecord().map(TxnRecord::id), scope.link().id(), state, reason, message, ckns, start,
                scope.maybeRecord().flatMap(TxnRecord::lead), Duration.between(begunAt, scope.now()), diffs, scope.notes());
    }

    static List<String> ckns(Scope scope) {
        return scope.maybeRecord().map(TxnRecord::ckns).orElse(List.of());
    }
}
