package org.qkdmacsec.controller.engine;

import java.time.Clock;
import java.time.Duration;
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
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.controller.journal.TxnState;

/**
 * Runs rollover transactions: one per link at a time, at most {@link EngineConfig#maxConcurrent()}
 * in progress (the rest wait their turn in arrival order), one configuration session per device at
 * a time. The same engine drives every vendor through {@link org.qkdmacsec.spi.MacsecDriver}.
 */
public final class RolloverEngine {
    private final EngineConfig config;
    private final EngineScheduler scheduler;
    private final Journal journal;
    private final DriverPool drivers;
    private final KeySupply keySupply;
    private final EngineEvents events;
    private final DeviceLocks locks;
    private final Set<String> busyLinks = ConcurrentHashMap.newKeySet();
    private final Deque<Runnable> admissionQueue = new ArrayDeque<>();
    private int running;

    public RolloverEngine(EngineConfig config, EngineScheduler scheduler, Journal journal, DriverPool drivers,
                          KeySupply keySupply, EngineEvents events) {
        this.config = config;
        this.scheduler = scheduler;
        this.journal = journal;
        this.drivers = drivers;
        this.keySupply = keySupply;
        this.events = events;
        this.locks = new DeviceLocks(scheduler::execute);
    }

    /**
     * Starts a transaction. The future completes when it ends (DONE, ABORTED or FAILED); it never
     * completes exceptionally for an operational failure — the result names the reason.
     */
    public CompletableFuture<RolloverResult> submit(RolloverRequest request) {
        String linkId = request.link().id();
        if (request.mode() == RolloverRequest.Mode.PLAN) {
            Rollover r = new Rollover(this, request);
            scheduler.execute(r::begin);
            return r.result();
        }
        if (!busyLinks.add(linkId)) {
            return refused(request, "another transaction for link " + linkId + " is in progress in this controller");
        }
        Optional<TxnRecord> unfinished = journal.unfinished().stream().filter(t -> t.linkId().equals(linkId)).findFirst();
        if (unfinished.isPresent()) {
            busyLinks.remove(linkId);
            TxnRecord t = unfinished.get();
            return refused(request, "transaction " + t.id() + " for link " + linkId + " (owner " + t.owner() + ", state "
                    + t.state() + ") is unfinished and awaits recovery");
        }
        Rollover r = new Rollover(this, request);
        admit(r::begin);
        return r.result();
    }

    /**
     * Reconciles every unfinished transaction {@code mine} accepts against the devices: finishes it
     * when both ends hold the new keys, removes ours otherwise. Links no longer in the inventory are
     * marked FAILED for an operator.
     */
    public List<CompletableFuture<RolloverResult>> recover(Predicate<TxnRecord> mine, Function<String, Optional<LinkSpec>> links) {
        List<CompletableFuture<RolloverResult>> out = new ArrayList<>();
        for (TxnRecord t : journal.unfinished()) {
            if (!mine.test(t)) {
                continue;
            }
            Optional<LinkSpec> link = links.apply(t.linkId());
            if (link.isEmpty()) {
                String msg = "unfinished transaction " + t.id() + " is for link " + t.linkId()
                        + ", which is no longer in the inventory; check both ends by hand";
                journal.finish(t.id(), TxnState.FAILED, Optional.of(Reason.LINK_NOT_IN_INVENTORY.name()), Optional.of(msg));
                alarm(t.linkId(), t.id(), Reason.LINK_NOT_IN_INVENTORY.name(), msg);
                continue;
            }
            if (!busyLinks.add(t.linkId())) {
                continue;
            }
            Rollover r = Rollover.resume(this, t, link.get());
            admit(r::reconcile);
            out.add(r.result());
        }
        return out;
    }

    /** Links with a transaction in progress in this controller. */
    public Set<String> busyLinks() {
        return Set.copyOf(busyLinks);
    }

    private CompletableFuture<RolloverResult> refused(RolloverRequest request, String message) {
        String linkId = request.link().id();
        TxnRecord t = journal.begin(linkId, Optional.empty());
        journal.step(t.id(), "REFUSED", Optional.empty(), Optional.of(Duration.ZERO), "FAILED",
                Optional.of(Reason.LINK_BUSY + ": " + message));
        journal.finish(t.id(), TxnState.ABORTED, Optional.of(Reason.LINK_BUSY.name()), Optional.of(message));
        RolloverResult r = new RolloverResult(Optional.of(t.id()), linkId, TxnState.ABORTED, Optional.of(Reason.LINK_BUSY),
                message, List.of(), Optional.empty(), Optional.empty(), Duration.ZERO, Map.of(), List.of());
        events.finished(r);
        return CompletableFuture.completedFuture(r);
    }

    private void admit(Runnable start) {
        synchronized (admissionQueue) {
            if (running < config.maxConcurrent()) {
                running++;
            } else {
                admissionQueue.add(start);
                return;
            }
        }
        scheduler.execute(start);
    }

    /** Called by a transaction when it ends. */
    void finished(Rollover r, RolloverResult result) {
        if (result.txnId().isEmpty()) {
            return; // plan-only: never admitted
        }
        busyLinks.remove(r.linkId());
        events.finished(result);
        Runnable next;
        synchronized (admissionQueue) {
            next = admissionQueue.poll();
            if (next == null) {
                running--;
            }
        }
        if (next != null) {
            scheduler.execute(next);
        }
    }

    void alarm(String linkId, String txnId, String kind, String message) {
        journal.audit(Optional.of(linkId), Optional.ofNullable(txnId), kind, message);
        events.alarm(linkId, kind, message);
    }

    void audit(String linkId, String txnId, String kind, String message) {
        journal.audit(Optional.of(linkId), Optional.ofNullable(txnId), kind, message);
    }

    Set<String> ownKeys(String linkId) {
        return journal.ownCkns(linkId);
    }

    EngineConfig config() {
        return config;
    }

    EngineScheduler scheduler() {
        return scheduler;
    }

    Clock clock() {
        return scheduler.clock();
    }

    Journal journal() {
        return journal;
    }

    DriverPool drivers() {
        return drivers;
    }

    KeySupply keySupply() {
        return keySupply;
    }

    EngineEvents events() {
        return events;
    }

    DeviceLocks locks() {
        return locks;
    }
}
