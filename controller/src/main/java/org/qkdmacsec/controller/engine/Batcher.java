package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.RejectedExecutionException;
import org.qkdmacsec.controller.engine.DeviceAccess.Held;
import org.qkdmacsec.controller.engine.LinkSpec.Side;

/**
 * Gathers transactions that are ready to stage (keys fetched) for a short window and prepares those that
 * share devices together: one change, one commit and one confirmation per device for the whole batch.
 * The first transaction to arrive opens the window; whatever arrives before it closes joins; a lone
 * transaction waits no longer than the window. Batches are the connected groups of links by device,
 * capped at {@link EngineConfig#batchLinks()} links; batches on disjoint devices run side by side.
 */
final class Batcher {
    private final EngineScheduler scheduler;
    private final DeviceAccess devices;
    private final Duration window;
    private final int maxLinks;
    private final List<Member> waiting = new ArrayList<>();
    private boolean flushScheduled;

    Batcher(EngineScheduler scheduler, DeviceAccess devices, Duration window, int maxLinks) {
        this.scheduler = scheduler;
        this.devices = devices;
        this.window = window;
        this.maxLinks = Math.max(1, maxLinks);
    }

    void offer(Member m) {
        boolean schedule;
        synchronized (this) {
            waiting.add(m);
            schedule = !flushScheduled;
            flushScheduled = true;
        }
        if (schedule) {
            try {
                scheduler.executeAt(scheduler.clock().instant().plus(window), this::flush);
            } catch (RejectedExecutionException e) {
                flush(); // shutting down: what is ready is prepared now rather than dropped with its keys
            }
        }
    }

    private void flush() {
        List<Member> ready;
        synchronized (this) {
            ready = new ArrayList<>(waiting);
            waiting.clear();
            flushScheduled = false;
        }
        for (List<Member> batch : group(ready)) {
            Set<String> held = new TreeSet<>();
            batch.forEach(m -> {
                held.add(m.device(Side.A));
                held.add(m.device(Side.B));
            });
            devices.with(held, h -> prepare(h, batch));
        }
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

    /**
     * The connected groups of links by device (links sharing a router go together), each split into
     * batches of at most {@code maxLinks}, immediate- and scheduled-activation links apart, in arrival order.
     */
    List<List<Member>> group(List<Member> ready) {
        Map<String, String> parent = new HashMap<>();
        for (Member m : ready) {
            union(parent, m.device(Side.A), m.device(Side.B));
        }
        Map<String, List<Member>> groups = new LinkedHashMap<>();
        for (Member m : ready) {
            String key = find(parent, m.device(Side.A)) + (m.facts().scheduled() ? "|s" : "|i");
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
        }
        List<List<Member>> out = new ArrayList<>();
        for (List<Member> g : groups.values()) {
            for (int i = 0; i < g.size(); i += maxLinks) {
                out.add(List.copyOf(g.subList(i, Math.min(g.size(), i + maxLinks))));
            }
        }
        return out;
    }

    private static String find(Map<String, String> parent, String x) {
        String p = parent.getOrDefault(x, x);
        if (p.equals(x)) {
            return x;
        }
        String root = find(parent, p);
        parent.put(x, root);
        return root;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            parent.put(ra.compareTo(rb) < 0 ? rb : ra, ra.compareTo(rb) < 0 ? ra : rb);
        }
    }
}
