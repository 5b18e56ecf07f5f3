package org.qkdmacsec.controller.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One configuration session per device at a time, without blocking threads: a transaction asks for
 * all the devices it needs at once and is resumed when it holds them. Waiters are served in arrival
 * order, except that a later waiter whose devices are all free does not wait behind an earlier one
 * that is still blocked (no idle device while work is queued). All-at-once acquisition rules out
 * deadlock between two links that share both routers.
 */
final class DeviceLocks {
    private record Waiter(Set<String> devices, Runnable onAcquired) { }

    private final Set<String> held = new HashSet<>();
    private final LinkedList<Waiter> queue = new LinkedList<>();
    private final Consumer<Runnable> executor;

    /** @param executor where granted continuations run (the scheduler's workers) */
    DeviceLocks(Consumer<Runnable> executor) {
        this.executor = executor;
    }

    void acquire(Set<String> devices, Runnable onAcquired) {
        List<Runnable> granted;
        synchronized (this) {
            queue.add(new Waiter(Set.copyOf(devices), onAcquired));
            granted = grant();
        }
        granted.forEach(executor);
    }

    void release(Set<String> devices) {
        List<Runnable> granted;
        synchronized (this) {
            held.removeAll(devices);
            granted = grant();
        }
        granted.forEach(executor);
    }

    synchronized boolean isHeld(String device) {
        return held.contains(device);
    }

    private List<Runnable> grant() {
        List<Runnable> out = new ArrayList<>();
        for (Iterator<Waiter> it = queue.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.devices().stream().noneMatch(held::contains)) {
                held.addAll(w.devices());
                it.remove();
                out.add(w.onAcquired());
            }
        }
        return out;
    }
}
