package org.qkdmacsec.controller.daemon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.qkdmacsec.controller.engine.LinkObservation;
import org.qkdmacsec.controller.engine.LinkSpec;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.runtime.LinkSpecs;
import org.qkdmacsec.spi.KeySlot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every link's two ends at a modest interval through the engine ({@code RolloverEngine.observe},
 * under the devices' locks, between other work; never a driver directly), a few links at a time, and
 * keeps per link: the last observation, the outage the devices reported, and the keys seen in their
 * key chains over the last day (the dashboard's timeline).
 *
 * <p>Outage is counted the way devices report it: once a link has been seen secured, a poll that finds
 * MKA not secured on either end counts the time since the previous poll (at most two poll intervals), so
 * its resolution is the poll interval. Unreachable ends count nothing: they say nothing about MKA. A link
 * not yet seen secured (its first key on its way in) is not out of service, and counts nothing either.
 *
 * <p>A key switch is not an outage: for a few seconds after a key's start-time the ends list the new key
 * as their primary CA, not yet secured, while the previous CA (live for the MKA life time) still carries
 * the traffic (docs/mka-model.md). {@link LinkObservation.End#secured()} speaks of the primary only, so a
 * poll within {@link #SWITCH_GRACE} of the start-time of the key an end is moving to counts nothing and
 * reports the link as settling.
 */
final class LinkObserver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("qkd_macsec.daemon");
    static final Duration DAY = Duration.ofDays(1);
    static final int MAX_KEYS_PER_LINK = 64;
    /** MKA life (6 s) plus margin: how long after a key's start-time its CA may still be coming up. */
    static final Duration SWITCH_GRACE = Duration.ofSeconds(10);

    private final Supplier<Inventory> inventory;
    private final Function<LinkSpec, CompletableFuture<LinkObservation>> observe;
    private final Clock clock;
    private final Duration interval;
    private final Semaphore slots;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Housekeeping thread;

    LinkObserver(Supplier<Inventory> inventory, Function<LinkSpec, CompletableFuture<LinkObservation>> observe, Clock clock,
                 Duration interval, int concurrency) {
        this.inventory = inventory;
        this.observe = observe;
        this.clock = clock;
        this.interval = interval;
        this.slots = new Semaphore(concurrency);
        this.thread = new Housekeeping("link-observer", () -> false);
    }

    /** Polls every link now and then every interval (nothing when the interval is zero). */
    void start() {
        thread.every(Duration.ofMillis(200), interval, this::pollAll);
    }

    /** One round: each link not still waiting for its previous read, at most {@code concurrency} at once. */
    void pollAll() {
        Inventory inv = inventory.get();
        for (Link l : inv.links()) {
            if (!pending.add(l.id())) {
                continue;
            }
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                pending.remove(l.id());
                Thread.currentThread().interrupt();
                return;
            }
            LinkSpec spec = LinkSpecs.of(inv, l);
            CompletableFuture<LinkObservation> f;
            try {
                f = observe.apply(spec);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.orTimeout(Math.max(interval.toMillis(), 30_000), TimeUnit.MILLISECONDS).whenComplete((o, e) -> {
                slots.release();
                pending.remove(l.id());
                if (o != null) {
                    record(o);
                } else {
                    LOG.debug("event=observe link={} error=\"{}\"", l.id(), e.toString());
                }
            });
        }
    }

    /** Takes one observation into account. */
    void record(LinkObservation o) {
        watches.computeIfAbsent(o.linkId(), k -> new Watch()).add(o, cap());
    }

    /** Forgets links that left the inventory. */
    void retain(Set<String> linkIds) {
        watches.keySet().retainAll(linkIds);
    }

    Optional<LinkObservation> latest(String linkId) {
        return Optional.ofNullable(watches.get(linkId)).flatMap(Watch::latest);
    }

    /** The last poll found the link moving to a new key (not counted as outage). */
    boolean settling(String linkId) {
        Watch w = watches.get(linkId);
        return w != null && w.settling();
    }

    double outageLastDay(String linkId) {
        Watch w = watches.get(linkId);
        return w == null ? 0 : w.outageSince(clock.instant().minus(DAY));
    }

    /** Outage seconds counted since this daemon started (the counter behind the metric). */
    double outageTotal(String linkId) {
        Watch w = watches.get(linkId);
        return w == null ? 0 : w.outageTotal();
    }

    /** The keys seen on the link's ends over the last day, oldest first. */
    List<SeenKeyRecord> keys(String linkId) {
        Watch w = watches.get(linkId);
        return w == null ? List.of() : w.keys();
    }

    private Duration cap() {
        return interval.isZero() ? Duration.ofMinutes(1) : interval.multipliedBy(2);
    }

    @Override
    public void close() {
        thread.close();
    }

    /** A key in the ends' chains, as far as the polls saw it. */
    record SeenKeyRecord(String ckn, Optional<Instant> start, Optional<Instant> end, Instant firstSeen, Instant lastSeen,
                         boolean configured, boolean onA, boolean onB) { }

    private record Sample(Instant at, double seconds) { }

    /** One link's observations. */
    private static final class Watch {
        private LinkObservation latest;
        private Instant previousAt;
        /** Seen secured once: before that the link is being brought up (its first key), not out of service. */
        private boolean inService;
        private boolean settling;

        /** The end's primary is a key that started less than {@link #SWITCH_GRACE} ago and is not secured yet. */
        private static boolean switching(LinkObservation.End e, Instant t) {
            return !e.secured() && e.activeCkn().isPresent() && e.keys().stream().filter(k -> k.ckn().equals(e.activeCkn().get()))
                    .map(KeySlot::start).flatMap(Optional::stream).anyMatch(s -> !s.isAfter(t) && Duration.between(s, t).compareTo(SWITCH_GRACE) < 0);
        }

        synchronized boolean settling() {
            return settling;
        }
        private final Deque<Sample> outages = new ArrayDeque<>();
        private double outageTotal;
        private final Map<String, SeenKeyRecord> keys = new HashMap<>();

        synchronized void add(LinkObservation o, Duration cap) {
            Instant t = o.at();
            if (latest != null && t.isBefore(latest.at())) {
                return; // a late answer of an earlier round
            }
            boolean reachable = o.a().reachable() && o.b().reachable();
            // Traffic flows while each end has some secured CA: during a switch the previous key carries it.
            boolean secured = o.carrying();
            settling = reachable && !secured && (switching(o.a(), t) || switching(o.b(), t));
            if (reachable && !secured && !settling && inService && previousAt != null) {
                Duration d = Duration.between(previousAt, t);
                double s = Math.min(d.toMillis(), cap.toMillis()) / 1000.0;
                outages.add(new Sample(t, s));
                outageTotal += s;
            }
            inService |= reachable && secured;
            previousAt = t;
            latest = o;
            merge(o.a(), true, t, reachable);
            merge(o.b(), false, t, reachable);
            Instant horizon = t.minus(DAY);
            while (!outages.isEmpty() && outages.peekFirst().at().isBefore(horizon)) {
                outages.removeFirst();
            }
            keys.values().removeIf(k -> k.lastSeen().isBefore(horizon));
            if (keys.size() > MAX_KEYS_PER_LINK) {
                keys.values().stream().sorted(Comparator.comparing(SeenKeyRecord::lastSeen)).limit(keys.size() - MAX_KEYS_PER_LINK)
                        .map(SeenKeyRecord::ckn).toList().forEach(keys::remove);
            }
        }

        private void merge(LinkObservation.End end, boolean sideA, Instant t, boolean bothReachable) {
            if (!end.reachable()) {
                return;
            }
            Set<String> present = new java.util.HashSet<>();
            for (KeySlot k : end.keys()) {
                present.add(k.ckn());
                SeenKeyRecord old = keys.get(k.ckn());
                boolean onA = sideA || old != null && old.onA() && old.lastSeen().equals(t);
                boolean onB = !sideA || old != null && old.onB() && old.lastSeen().equals(t);
                Instant first = old == null ? t : old.firstSeen();
                // Side A's times stand for the link; side B's fill in keys only B holds.
                Optional<Instant> start = sideA || old == null ? k.start() : old.start();
                Optional<Instant> stop = sideA || old == null ? k.end() : old.end();
                keys.put(k.ckn(), new SeenKeyRecord(k.ckn(), start, stop, first, t, true, onA, onB));
            }
            if (bothReachable && !sideA) {
                // Keys neither end holds any more were removed (retired).
                keys.replaceAll((ckn, k) -> k.lastSeen().equals(t) ? k
                        : new SeenKeyRecord(ckn, k.start(), k.end(), k.firstSeen(), k.lastSeen(), false, false, false));
            }
        }

        synchronized Optional<LinkObservation> latest() {
            return Optional.ofNullable(latest);
        }

        synchronized double outageSince(Instant since) {
            return outages.stream().filter(x -> !x.at().isBefore(since)).mapToDouble(Sample::seconds).sum();
        }

        synchronized double outageTotal() {
            return outageTotal;
        }

        synchronized List<SeenKeyRecord> keys() {
            List<SeenKeyRecord> out = new ArrayList<>(keys.values());
            out.sort(Comparator.comparing((SeenKeyRecord k) -> k.start().orElse(k.firstSeen())));
            return out;
        }
    }
}
