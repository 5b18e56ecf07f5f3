package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.qkdmacsec.controller.engine.DeviceAccess.Held;

/**
 * Gathers work for a short window and runs the items that share devices together, under the locks of
 * every device they touch, so a device pays one change and one commit for all of them. The first item to
 * arrive opens the window; whatever arrives before it closes joins; a lone item waits no longer than the
 * window. Batches are the connected groups of items by device, split so that no batch exceeds
 * {@code maxItems} items or {@link #MAX_DEVICES} devices, nor asks any device for more ports than one of its
 * changes may carry; batches on disjoint devices run side by side. Used for preparing ({@link Batcher}) and for retiring.
 */
final class Coalescer<T> {
    /**
     * The most devices one batch holds. A batch commits its devices one after another, so every device
     * added lengthens every link's lead by a commit; beyond a few, separate batches (which run side by
     * side on disjoint devices) are faster.
     */
    static final int MAX_DEVICES = 8;

    /** What grouping needs to know of an item. */
    interface Shape<T> {
        /** The devices the item touches (one port on each). */
        List<String> devices(T item);

        /** How many ports one change on {@code device} may carry, as its driver says. */
        int perChange(T item, String device);

        /** Items of different kinds never share a batch. */
        String kind(T item);

        /** Who the item belongs to, as announced to {@link #expect}: by default the item itself. */
        default Object owner(T item) {
            return item;
        }
    }

    private final EngineScheduler scheduler;
    private final DeviceAccess devices;
    private final Duration window;
    private final int maxItems;
    private final Shape<T> shape;
    private final BiConsumer<Held, List<T>> work;
    private final Function<T, Duration> patience;
    /** Owners announced but not yet offered, with the devices they will need: a batch for those devices waits for them. */
    private final Map<Object, Set<String>> approaching = new ConcurrentHashMap<>();
    private final List<T> waiting = new ArrayList<>();
    private boolean flushScheduled;
    private Instant openedAt;
    private Duration openedWait = Duration.ZERO;

    /**
     * {@code work} runs each batch holding its devices and must release them (directly or through what it
     * hands on); {@code patience} is how long the first item of a batch waits for company, at most the
     * window: company is worth what the commits it saves take, so items on fast routers wait less. While
     * owners announced with {@link #expect} are on their way to the same devices, the wait stretches for
     * them, up to {@link #STRETCH} times its length; a lone item never waits longer than the window.
     */
    Coalescer(EngineScheduler scheduler, DeviceAccess devices, Duration window, int maxItems, Shape<T> shape,
              BiConsumer<Held, List<T>> work, Function<T, Duration> patience) {
        this.scheduler = scheduler;
        this.devices = devices;
        this.window = window;
        this.maxItems = Math.max(1, maxItems);
        this.shape = shape;
        this.work = work;
        this.patience = patience;
    }

    /** {@code owner} will offer an item for {@code onDevices} soon. */
    void expect(Object owner, Set<String> onDevices) {
        approaching.put(owner, onDevices);
    }

    /** {@code owner} offered its item, or will not. */
    void arrived(Object owner) {
        approaching.remove(owner);
    }

    private boolean othersComing(T item) {
        Object self = shape.owner(item);
        List<String> mine = shape.devices(item);
        for (Map.Entry<Object, Set<String>> e : approaching.entrySet()) {
            if (e.getKey() != self && mine.stream().anyMatch(e.getValue()::contains)) {
                return true;
            }
        }
        return false;
    }

    /** How far the window stretches while more items for the same devices are on their way. */
    static final int STRETCH = 4;

    void offer(T item) {
        arrived(shape.owner(item));
        boolean schedule;
        synchronized (this) {
            waiting.add(item);
            schedule = !flushScheduled;
            flushScheduled = true;
            if (schedule) {
                openedAt = scheduler.clock().instant();
                Duration p = patience.apply(item);
                openedWait = p.compareTo(window) > 0 ? window : p.isNegative() ? Duration.ZERO : p;
            }
        }
        if (!schedule) {
            return;
        }
        try {
            Duration wait = openedWait;
            if (wait.isZero()) {
                scheduler.execute(this::flush);
            } else {
                scheduler.executeAt(scheduler.clock().instant().plus(wait), this::flush);
            }
        } catch (RejectedExecutionException e) {
            flush(); // shutting down: what is ready is done now rather than dropped
        }
    }

    private void flush() {
        List<T> ready;
        synchronized (this) {
            Instant now = scheduler.clock().instant();
            if (!openedWait.isZero() && now.isBefore(openedAt.plus(openedWait.multipliedBy(STRETCH)))
                    && waiting.stream().anyMatch(this::othersComing)) {
                try {
                    // Links for these routers are still being checked or keyed: one commit for all of them
                    // is worth a short wait (each one that misses the batch costs every router of it a commit).
                    scheduler.executeAt(now.plus(openedWait.dividedBy(4)), this::flush);
                    return;
                } catch (RejectedExecutionException e) {
                    // shutting down: flush now
                }
            }
            ready = new ArrayList<>(waiting);
            waiting.clear();
            flushScheduled = false;
        }
        for (List<T> batch : group(ready)) {
            Set<String> held = new TreeSet<>();
            batch.forEach(item -> held.addAll(shape.devices(item)));
            devices.with(held, h -> work.accept(h, batch));
        }
    }

    /**
     * The connected groups of items by device, each cut into batches in arrival order: an item joins the
     * first open batch of its group with room for it (items and every device's ports), else opens one.
     */
    List<List<T>> group(List<T> ready) {
        Map<String, String> parent = new HashMap<>();
        for (T item : ready) {
            List<String> ds = shape.devices(item);
            for (String d : ds) {
                union(parent, ds.get(0), d);
            }
        }
        Map<String, List<T>> groups = new LinkedHashMap<>();
        for (T item : ready) {
            groups.computeIfAbsent(find(parent, shape.devices(item).get(0)) + "|" + shape.kind(item), k -> new ArrayList<>()).add(item);
        }
        List<List<T>> out = new ArrayList<>();
        for (List<T> g : groups.values()) {
            List<Open<T>> open = new ArrayList<>();
            for (T item : g) {
                Open<T> home = open.stream().filter(b -> b.fits(item)).findFirst().orElse(null);
                if (home == null) {
                    home = new Open<>(shape, maxItems);
                    open.add(home);
                }
                home.add(item);
            }
            open.forEach(b -> out.add(List.copyOf(b.items)));
        }
        return out;
    }

    /** A batch being filled: its items and how many ports it asks of each device. */
    private static final class Open<T> {
        private final Shape<T> shape;
        private final int maxItems;
        private final List<T> items = new ArrayList<>();
        private final Map<String, Integer> ports = new HashMap<>();

        Open(Shape<T> shape, int maxItems) {
            this.shape = shape;
            this.maxItems = maxItems;
        }

        boolean fits(T item) {
            if (items.size() >= maxItems) {
                return false;
            }
            Map<String, Integer> mine = new HashMap<>();
            shape.devices(item).forEach(d -> mine.merge(d, 1, Integer::sum));
            long devicesAfter = ports.size() + mine.keySet().stream().filter(d -> !ports.containsKey(d)).count();
            if (!items.isEmpty() && devicesAfter > MAX_DEVICES) {
                return false;
            }
            return mine.entrySet().stream().allMatch(e -> ports.getOrDefault(e.getKey(), 0) + e.getValue()
                    <= Math.max(1, shape.perChange(item, e.getKey())));
        }

        void add(T item) {
            items.add(item);
            shape.devices(item).forEach(d -> ports.merge(d, 1, Integer::sum));
        }
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
