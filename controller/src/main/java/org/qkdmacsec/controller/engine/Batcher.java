package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.qkdmacsec.controller.engine.DeviceAccess.Held;
import org.qkdmacsec.controller.link.Side;

/**
 * Transactions ready to stage (keys fetched), gathered for {@link EngineConfig#batchWindow()} and prepared
 * together where they share devices: one change, one commit and one confirmation per device for the whole
 * batch ({@link Preparation}); immediate- and scheduled-activation links apart. See {@link Coalescer}.
 */
final class Batcher {
    private final Coalescer<Member> coalescer;

    Batcher(EngineScheduler scheduler, DeviceAccess devices, Duration window, int maxLinks, CommitTimes commits) {
        this.coalescer = new Coalescer<>(scheduler, devices, window, maxLinks, SHAPE, Batcher::prepare, m -> patience(commits, m));
    }

    /**
     * How long a link ready to stage waits for others on its routers: up to the batch window, and no longer
     * than twice what its two routers' commits take (a batch saves each router a commit and a confirmation;
     * on routers that commit in milliseconds, waiting seconds for company would cost more than it saves).
     */
    static Duration patience(CommitTimes commits, Member m) {
        return commits.sum(List.of(m.device(Side.A), m.device(Side.B))).multipliedBy(2);
    }

    /** {@code t} has begun and will be offered (or end) soon. */
    void expect(Transaction t, Set<String> onDevices) {
        coalescer.expect(t, onDevices);
    }

    /** {@code t} ended without being offered. */
    void arrived(Transaction t) {
        coalescer.arrived(t);
    }

    static final Coalescer.Shape<Member> SHAPE = new Coalescer.Shape<>() {
        @Override
        public List<String> devices(Member m) {
            return List.of(m.device(Side.A), m.device(Side.B));
        }

        @Override
        public int perChange(Member m, String device) {
            return Math.min(perCommit(m, Side.A, device), perCommit(m, Side.B, device));
        }

        @Override
        public String kind(Member m) {
            return m.facts().scheduled() ? "scheduled" : "immediate";
        }

        @Override
        public Object owner(Member m) {
            return m.txn;
        }
    };

    private static int perCommit(Member m, Side s, String device) {
        return m.device(s).equals(device) ? m.facts().caps().get(s).portsPerCommit() : Integer.MAX_VALUE;
    }

    void offer(Member m) {
        coalescer.offer(m);
    }

    List<List<Member>> group(List<Member> ready) {
        return coalescer.group(ready);
    }

    private static void prepare(Held held, List<Member> batch) {
        try {
            new Preparation(held, batch, batch.get(0).scope.ctx()).run();
        } catch (RuntimeException e) {
            batch.forEach(m -> m.fail(new Failure(Reason.INTERNAL_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage(), e)));
        } finally {
            batch.forEach(Member::closeKeys);
        }
        Held shared = held.shared();
        try {
            for (Member m : batch) {
                m.txn.afterPreparation(shared, m);
            }
        } finally {
            held.release();
        }
    }
}
