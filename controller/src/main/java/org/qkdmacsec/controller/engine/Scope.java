package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.controller.journal.SideProgress;
import org.qkdmacsec.controller.journal.TxnEndMove;
import org.qkdmacsec.controller.journal.TxnKey;
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.controller.journal.TxnState;

/**
 * What a phase needs of the transaction it works for: the engine's context, the link, the transaction
 * record (held here and journalled on every change; empty for plan-only requests) and the operator
 * notes gathered so far. Phases run one at a time for a transaction, so the record needs no locking.
 */
final class Scope {
    private final EngineContext ctx;
    private final LinkSpec link;
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private volatile TxnRecord record;

    Scope(EngineContext ctx, LinkSpec link, Optional<TxnRecord> record) {
        this.ctx = ctx;
        this.link = link;
        this.record = record.orElse(null);
    }

    EngineContext ctx() {
        return ctx;
    }

    EngineConfig config() {
        return ctx.config();
    }

    LinkSpec link() {
        return link;
    }

    Optional<TxnRecord> maybeRecord() {
        return Optional.ofNullable(record);
    }

    TxnRecord record() {
        if (record == null) {
            throw new IllegalStateException("plan-only requests have no transaction");
        }
        return record;
    }

    String txnId() {
        return record().id();
    }

    Instant now() {
        return ctx.clock().instant();
    }

    String device(Side s) {
        return link.end(s).device();
    }

    void note(String text) {
        notes.add(text);
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    // --- the record -------------------------------------------------------------------------------------

    /** Records that a change is about to be sent to side {@code s}: the journal must take it first. */
    void sending(Side s, SideProgress p) {
        String id = txnId();
        ctx.ledger().must("side " + s.label() + " " + p, () -> ctx.ledger().journal().side(id, s.label(), p));
        record = record.withSide(s.label(), p);
    }

    /** Records what is known to have happened on side {@code s} (best effort: the device is the truth). */
    void reached(Side s, SideProgress p) {
        String id = txnId();
        record = record.withSide(s.label(), p);
        ctx.ledger().attempt("side " + s.label() + " " + p, () -> ctx.ledger().journal().side(id, s.label(), p));
    }

    SideProgress progress(Side s) {
        return record().side(s.label());
    }

    void state(TxnState st) {
        String id = txnId();
        record = record.withState(st);
        ctx.ledger().attempt("state " + st, () -> ctx.ledger().journal().state(id, st));
    }

    /** Journals the keys and end-moves a transaction is about to stage (must: they are what may be undone). */
    void planned(Instant start, Duration lead, Duration window, Optional<String> previous, List<TxnKey> keys, List<TxnEndMove> moves) {
        String id = txnId();
        ctx.ledger().must("the keys to stage", () -> {
            ctx.ledger().journal().plan(id, start, lead, window, previous);
            ctx.ledger().journal().keys(id, keys, moves);
        });
        record = record.withPlan(start, lead, window, previous, keys, moves);
    }

    /**
     * The key_ID of one of this link's keys, for descriptions — which are informative: a journal that
     * cannot answer now leaves the description as it is rather than stopping anything.
     */
    Optional<String> keyIdOf(String ckn) {
        try {
            return ctx.ledger().journal().keyId(link.id(), ckn);
        } catch (org.qkdmacsec.controller.journal.JournalException e) {
            return Optional.empty();
        }
    }

    // --- steps, alarms, fencing ----------------------------------------------------------------------------

    /** Journals a step (best effort) and tells the listeners. */
    void step(String name, Optional<Side> side, Duration d, String outcome, String detail) {
        if (record == null) {
            return;
        }
        String id = record.id();
        Optional<String> label = side.map(Side::label);
        ctx.ledger().attempt("step " + name, () -> ctx.ledger().journal().step(id, name, label, Optional.of(d), outcome,
                detail.isEmpty() ? Optional.empty() : Optional.of(detail)));
        ctx.events().step(link.id(), id, name, label, d, outcome, detail);
    }

    void step(String name, Side side, Instant since, String detail) {
        step(name, Optional.of(side), Duration.between(since, now()), "OK", detail);
    }

    /** Raises an alarm for this link (journalled best effort, logged, counted, sent to listeners). */
    void alarm(String kind, String message) {
        Optional<String> id = maybeRecord().map(TxnRecord::id);
        ctx.ledger().attempt("alarm " + kind, () -> ctx.ledger().journal().audit(Optional.of(link.id()), id, kind, message));
        ctx.events().alarm(link.id(), kind, message);
    }

    void audit(String kind, String message) {
        Optional<String> id = maybeRecord().map(TxnRecord::id);
        ctx.ledger().attempt("audit " + kind, () -> ctx.ledger().journal().audit(Optional.of(link.id()), id, kind, message));
    }

    /** Fencing: before a device change, this controller must still own the transaction. */
    void checkFence() {
        if (record != null && !ctx.fence().mayAct(record.id())) {
            throw new Fenced(record.id());
        }
    }

    /** This controller no longer owns the transaction (another instance took it over): stop, touch nothing. */
    static final class Fenced extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Fenced(String txnId) {
            super("transaction " + txnId + " is no longer owned by this controller (another instance took it over)");
        }
    }
}
