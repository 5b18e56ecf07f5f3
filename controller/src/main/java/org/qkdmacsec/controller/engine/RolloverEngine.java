package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.qkdmacsec.controller.journal.Journal;
import org.qkdmacsec.controller.journal.JournalException;
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.controller.journal.TxnState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs rollover transactions. One transaction prepares a link at a time — in this process (a map) and
 * across every process sharing the journal (a database key) — and at most {@link EngineConfig#maxConcurrent()}
 * prepare at once (the rest wait their turn in arrival order). Once both ends confirmed, a transaction
 * waits for its start-time side by side with others, holding nothing. One configuration session per
 * device at a time. The same engine drives every vendor through {@link org.qkdmacsec.spi.MacsecDriver}.
 */
public final class RolloverEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("qkd_macsec.rollover");

    /** A transaction this engine leaves unfinished at shutdown (the next run, or the daemon, takes it on). */
    public record LeftBehind(String txnId, String linkId, TxnState state, Optional<Instant> start) { }

    private final EngineContext ctx;
    private final Journal journal;
    private final Map<String, Transaction> preparing = new ConcurrentHashMap<>();
    private final Set<Transaction> live = ConcurrentHashMap.newKeySet();
    private final Map<String, List<CompletableFuture<Void>>> linkWaiters = new ConcurrentHashMap<>();
    private final Deque<Transaction> admissionQueue = new ArrayDeque<>();
    private final Set<Transaction> admitted = ConcurrentHashMap.newKeySet();
    private final Lifecycle lifecycle = new Lifecycle();
    private volatile boolean closing;
    private volatile Fence lease = txnId -> true;

    public RolloverEngine(EngineConfig config, EngineScheduler scheduler, Journal journal, DriverPool drivers,
                          KeySupply keySupply, EngineEvents events) {
        this(config, scheduler, journal, drivers, keySupply, events, ownership(journal));
    }

    /** @param fence consulted before every device change (HA: a member whose work was taken over stops) */
    public RolloverEngine(EngineConfig config, EngineScheduler scheduler, Journal journal, DriverPool drivers,
                          KeySupply keySupply, EngineEvents events, Fence fence) {
        this.journal = journal;
        DeviceAccess devices = new DeviceAccess(new DeviceLocks(scheduler::execute), drivers);
        CommitTimes commits = new CommitTimes();
        this.ctx = new EngineContext(config, scheduler, new Ledger(journal), keySupply, events, devices,
                txnId -> lease.mayAct(txnId) && fence.mayAct(txnId),
                new Batcher(scheduler, devices, config.batchWindow(), config.batchLinks(), commits),
                Retirement.coalescer(scheduler, devices, config.batchWindow(), config.batchLinks(), commits), commits);
    }

    /**
     * Adds a condition to the fence: a cluster member passes its scheduler lease here, so a member the
     * cluster may have declared dead (paused past its check-in) changes no device until it checks in again.
     */
    public void fenceWith(Fence lease) {
        this.lease = lease;
    }

    /**
     * The default fence: this controller still owns the transaction in the journal. A journal that cannot
     * be read does not stop a transaction half-way: no other instance can take it over without writing it.
     */
    public static Fence ownership(Journal journal) {
        return txnId -> {
            try {
                return journal.owns(txnId);
            } catch (JournalException e) {
                return true;
            }
        };
    }

    /**
     * Starts a transaction. The future completes when it ends (DONE, ABORTED or FAILED); it never
     * completes exceptionally for an operational failure — the result names the reason. A rollover that
     * ends DEADLINE_MISSED (nothing changed) is tried once more with the lead its overrun taught; the
     * result is then the second try's, with a note naming the first.
     */
    public CompletableFuture<RolloverResult> submit(RolloverRequest request) {
        CompletableFuture<RolloverResult> first = start(request);
        if (request.mode() != RolloverRequest.Mode.EXECUTE || request.lead().isPresent()) {
            return first;
        }
        return first.thenCompose(r -> refusedForTime(r) && !closing ? again(request, r) : CompletableFuture.completedFuture(r));
    }

    /**
     * Aborted because the preparation could not finish before its start-time, with our keys removed and
     * nothing else changed: the overrun has already lengthened the link's lead, so a second try at once
     * (with a fresh key) is what an operator would do next, and under a passing load it fits. Once only,
     * and never for an operator's own --lead.
     */
    private static boolean refusedForTime(RolloverResult r) {
        return r.state() == TxnState.ABORTED && r.reason().equals(Optional.of(Reason.DEADLINE_MISSED));
    }

    private CompletableFuture<RolloverResult> again(RolloverRequest request, RolloverResult missed) {
        String note = RolloverResult.TRIED_AGAIN + missed.txnId().orElse("-") + " missed its deadline ("
                + missed.message() + ")";
        LOG.info("event=retry link={} after={} reason=DEADLINE_MISSED", missed.linkId(), missed.txnId().orElse("-"));
        return linkFree(missed.linkId()).thenCompose(v -> start(request)).thenApply(r -> r.withNote(note));
    }

    private CompletableFuture<RolloverResult> start(RolloverRequest request) {
        Transaction t = new Transaction(ctx, request, lifecycle);
        if (request.mode() == RolloverRequest.Mode.PLAN) {
            ctx.scheduler().execute(t::begin);
            return t.result();
        }
        String linkId = request.link().id();
        if (preparing.putIfAbsent(linkId, t) != null) {
            Transaction other = preparing.get(linkId);
            String otherId = other == null ? "another transaction" : other.record().map(r -> "transaction " + r.id()).orElse("another transaction");
            RolloverResult r = refusedBusy(linkId, otherId + " is preparing link " + linkId + " in this controller");
            return CompletableFuture.completedFuture(r);
        }
        live.add(t);
        admit(t);
        return t.result();
    }

    /**
     * Takes over and reconciles every unfinished transaction {@code mine} accepts: a transaction that had
     * verified its key is retired; any other is resolved from both ends (finished when both hold the new
     * keys, ours removed otherwise). Links no longer in the inventory are marked FAILED for an operator.
     * Returns at once; each future completes when its transaction ends.
     */
    public List<CompletableFuture<RolloverResult>> recover(Predicate<TxnRecord> mine, Function<String, Optional<LinkSpec>> links) {
        List<CompletableFuture<RolloverResult>> out = new ArrayList<>();
        for (TxnRecord t : journal.unfinished()) {
            // Ours but not running here: taken over by an earlier call that the journal cut short, or left
            // by this instance's previous life. Nobody else will finish it.
            boolean orphan = t.owner().equals(journal.owner());
            if (!(mine.test(t) || orphan) || live.stream().anyMatch(x -> x.record().map(r -> r.id().equals(t.id())).orElse(false))) {
                continue;
            }
            try {
                recoverOne(t, links).ifPresent(out::add);
            } catch (JournalException e) {
                LOG.warn("event=recovery_deferred txn={} error=\"{}\"", t.id(), e.getMessage());
            }
        }
        return out;
    }

    private Optional<CompletableFuture<RolloverResult>> recoverOne(TxnRecord t, Function<String, Optional<LinkSpec>> links) {
        if (!t.owner().equals(journal.owner()) && !journal.takeOver(t.id(), t.owner())) {
            return Optional.empty(); // another instance took it first
        }
        Optional<LinkSpec> link = links.apply(t.linkId());
        if (link.isEmpty()) {
            String msg = "unfinished transaction " + t.id() + " is for link " + t.linkId()
                    + ", which is no longer in the inventory; check both ends by hand";
            journal.finish(t.id(), TxnState.FAILED, Optional.of(Reason.LINK_NOT_IN_INVENTORY.name()), Optional.of(msg));
            journal.audit(Optional.of(t.linkId()), Optional.of(t.id()), Reason.LINK_NOT_IN_INVENTORY.name(), msg);
            ctx.events().alarm(t.linkId(), Reason.LINK_NOT_IN_INVENTORY.name(), msg);
            return Optional.empty();
        }
        Transaction r = Transaction.resume(ctx, t, link.get(), lifecycle);
        boolean claims;
        try {
            claims = journal.preparingTxn(t.linkId()).map(t.id()::equals).orElse(false);
        } catch (JournalException e) {
            claims = t.state().ordinal() < TxnState.COMMITTED.ordinal(); // cannot tell: assume it still holds the link
        }
        if (claims) {
            preparing.put(t.linkId(), r);
        }
        live.add(r);
        ctx.scheduler().execute(r::reconcile);
        return Optional.of(r.result());
    }

    /**
     * Reads both ends of {@code link} (key chains, MKA) under their devices' locks, between other work on
     * those devices: the daemon's health polling and the dashboard use it. Never changes anything.
     */
    public CompletableFuture<LinkObservation> observe(LinkSpec link) {
        CompletableFuture<LinkObservation> out = new CompletableFuture<>();
        ctx.devices().with(Set.of(link.a().device(), link.b().device()), held -> {
            try {
                out.complete(Observer.read(held, ctx, link));
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            } finally {
                held.release();
            }
        });
        return out;
    }

    /** Whether a step of this engine holds {@code device}'s lock now (for tests of the lock discipline). */
    boolean deviceHeld(String device) {
        return ctx.devices().isHeld(device);
    }

    /** Links a transaction of this controller is preparing. */
    public Set<String> busyLinks() {
        return Set.copyOf(preparing.keySet());
    }

    /** Links with any transaction of this controller not yet ended (preparing, or committed and waiting). */
    public Set<String> inFlight() {
        Set<String> out = new java.util.TreeSet<>();
        live.forEach(t -> out.add(t.linkId()));
        return out;
    }

    /** Completes once no transaction of this controller prepares {@code linkId} (at once if none does). */
    public CompletableFuture<Void> linkFree(String linkId) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        linkWaiters.computeIfAbsent(linkId, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(f);
        if (!preparing.containsKey(linkId)) {
            wakeLinkWaiters(linkId);
        }
        return f;
    }

    /**
     * Stops scheduling: transactions past both confirmations are left to the devices (which activate the
     * key at its start-time) and to the next run (which verifies and retires). Returns what was left.
     */
    public List<LeftBehind> stop() {
        closing = true;
        List<LeftBehind> out = new ArrayList<>();
        for (Transaction t : live) {
            t.record().ifPresent(r -> out.add(new LeftBehind(r.id(), r.linkId(), r.state(), r.startTime())));
        }
        return out;
    }

    @Override
    public void close() {
        stop().forEach(l -> LOG.info("event=left link={} txn={} state={} start={}", l.linkId(), l.txnId(), l.state(),
                l.start().map(Instant::toString).orElse("-")));
    }

    private RolloverResult refusedBusy(String linkId, String message) {
        Optional<String> id = Optional.empty();
        try {
            id = Optional.of(journal.refused(linkId, Reason.LINK_BUSY.name(), message).id());
        } catch (JournalException e) {
            // the refusal is still reported
        }
        RolloverResult r = new RolloverResult(id, linkId, TxnState.ABORTED, Optional.of(Reason.LINK_BUSY), message, List.of(),
                Optional.empty(), Optional.empty(), Duration.ZERO, Map.of(), List.of());
        ctx.events().finished(r);
        return r;
    }

    private void admit(Transaction t) {
        synchronized (admissionQueue) {
            if (admitted.size() >= ctx.config().maxConcurrent()) {
                admissionQueue.add(t);
                return;
            }
            admitted.add(t);
        }
        ctx.scheduler().execute(t::begin);
    }

    /** Frees {@code t}'s admission slot and lets the next waiting transaction in. */
    private void leaveAdmission(Transaction t) {
        Transaction next;
        synchronized (admissionQueue) {
            if (!admitted.remove(t)) {
                return;
            }
            next = admissionQueue.poll();
            if (next != null) {
                admitted.add(next);
            }
        }
        if (next != null && !closing) {
            ctx.scheduler().execute(next::begin);
        }
    }

    private void wakeLinkWaiters(String linkId) {
        List<CompletableFuture<Void>> waiters = linkWaiters.remove(linkId);
        if (waiters != null) {
            waiters.forEach(f -> f.complete(null));
        }
    }

    private final class Lifecycle implements Transaction.Lifecycle {
        @Override
        public void released(Transaction t) {
            if (preparing.remove(t.linkId(), t)) {
                wakeLinkWaiters(t.linkId());
            }
            leaveAdmission(t);
        }

        @Override
        public void finished(Transaction t, RolloverResult r) {
            ctx.batcher().arrived(t);
            ctx.retirements().arrived(t.scope());
            released(t);
            live.remove(t);
            if (r.txnId().isPresent()) {
                ctx.events().finished(r);
            }
        }

        @Override
        public boolean closing() {
            return closing;
        }
    }
}
