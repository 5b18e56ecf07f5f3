package org.qkdmacsec.controller.daemon;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.qkdmacsec.controller.api.LinkReport;
import org.qkdmacsec.controller.engine.LinkObservation;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.journal.Journal;
import org.qkdmacsec.controller.journal.LinkStateRecord;

/**
 * The per-link series an operator alerts on (docs/daemon.md "Metrics"), registered for every link of the
 * inventory in force as soon as the daemon starts, so they are there from the first scrape (NaN until
 * known). Times come from the devices' key chains when the daemon has observed them ({@link LinkObserver}),
 * else from the journal's record of the link, which every scrape reads once for all links.
 */
final class LinkMetrics {
    /** A scrape reads the journal's link states once, not once per series. */
    private static final Duration STATES_FRESH = Duration.ofSeconds(1);

    private final MeterRegistry registry;
    private final Journal journal;
    private final LinkObserver observer;
    private final Clock clock;
    private final Map<String, List<Meter>> meters = new HashMap<>();
    private final Map<String, Duration> intervals = new ConcurrentHashMap<>();
    private Map<String, LinkStateRecord> states = Map.of();
    private Instant statesAt = Instant.MIN;

    LinkMetrics(MeterRegistry registry, Journal journal, LinkObserver observer, Clock clock) {
        this.registry = registry;
        this.journal = journal;
        this.observer = observer;
        this.clock = clock;
    }

    /** Registers the series of links new to the inventory and removes those of links gone from it. */
    synchronized void track(Inventory inv) {
        Map<String, Link> now = new HashMap<>();
        inv.links().forEach(l -> now.put(l.id(), l));
        for (var it = meters.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!now.containsKey(e.getKey())) {
                e.getValue().forEach(registry::remove);
                intervals.remove(e.getKey());
                it.remove();
            }
        }
        for (Link l : inv.links()) {
            intervals.put(l.id(), l.schedule().interval());
            if (!meters.containsKey(l.id())) {
                meters.put(l.id(), register(l.id()));
            }
        }
    }

    private List<Meter> register(String id) {
        List<Meter> m = new ArrayList<>();
        m.add(gauge("qkd_macsec_link_interval_seconds", "The link's schedule interval (alert thresholds scale with it)", id,
                () -> Optional.ofNullable(intervals.get(id)).map(d -> d.toMillis() / 1000.0)));
        m.add(gauge("qkd_macsec_key_age_seconds", "Seconds since the link's key in service started", id,
                () -> activeSince(id).map(this::secondsSince)));
        m.add(gauge("qkd_macsec_next_key_in_seconds", "Seconds until the link's next staged key starts", id, () -> nextStart(id)
                .map(this::secondsUntil)));
        m.add(gauge("qkd_macsec_keyring_remaining_seconds", "Seconds until the last staged key starts; after that the key in service"
                + " has no successor", id, () -> LinkReport.lastKeyStart(state(id), Optional.ofNullable(intervals.get(id)), observed(id))
                .map(t -> Math.max(0, secondsUntil(t)))));
        m.add(gauge("qkd_macsec_keyring_future_keys", "Staged keys that start in the future", id, () -> futureKeys(id)));
        m.add(gauge("qkd_macsec_link_secured", "1 when both ends reported MKA secured at the last poll, 0 when not", id,
                () -> observed(id).filter(o -> o.a().reachable() && o.b().reachable())
                        .map(o -> o.a().secured() && o.b().secured() ? 1.0 : 0.0)));
        m.add(FunctionCounter.builder("qkd_macsec_link_outage_seconds_total", observer, o -> o.outageTotal(id))
                .description("Seconds the devices reported MKA not secured on the link (resolution: monitor.observe-interval)")
                .tag("link", id).register(registry));
        m.add(rollovers(id, "DONE", "-")); // present from the first scrape; the others appear with their first count
        return m;
    }

    /** Counts a finished transaction of this daemon (periodic, operator or recovery) by link, result and reason. */
    void finished(RolloverResult r) {
        Counter c = rollovers(r.linkId(), r.state().name(), r.reason().map(Enum::name).orElse("-"));
        c.increment();
        synchronized (this) {
            List<Meter> own = meters.get(r.linkId());
            if (own != null && !own.contains(c)) {
                own.add(c);
            }
        }
    }

    private Counter rollovers(String id, String result, String reason) {
        return Counter.builder("qkd_macsec_link_rollovers_total").description("Finished rollover transactions by link, result and reason")
                .tag("link", id).tag("result", result).tag("reason", reason).register(registry);
    }

    private Gauge gauge(String name, String description, String id, java.util.function.Supplier<Optional<Double>> value) {
        return Gauge.builder(name, value, v -> v.get().orElse(Double.NaN)).strongReference(true).description(description).tag("link", id)
                .register(registry);
    }

    /** The start of the key in service: side A's primary key in its key chain when observed, else the journal's. */
    private Optional<Instant> activeSince(String id) {
        Optional<LinkObservation> o = observed(id);
        return new LinkReport(id, Optional.empty(), Optional.empty(), state(id), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), o.map(x -> new LinkReport.Observed(x, 0, false, Map.of()))).active().flatMap(LinkReport.Active::since);
    }

    private Optional<Instant> nextStart(String id) {
        return LinkReport.nextStart(state(id), observed(id), clock.instant());
    }

    private Optional<Double> futureKeys(String id) {
        return LinkReport.futureKeys(state(id), observed(id), clock.instant()).map(Integer::doubleValue);
    }

    private Optional<LinkObservation> observed(String id) {
        return observer.latest(id).filter(o -> o.a().reachable());
    }

    private synchronized Optional<LinkStateRecord> state(String id) {
        Instant now = clock.instant();
        if (Duration.between(statesAt, now).compareTo(STATES_FRESH) > 0 || now.isBefore(statesAt)) {
            Map<String, LinkStateRecord> m = new HashMap<>();
            journal.linkStates().forEach(s -> m.put(s.linkId(), s));
            states = m;
            statesAt = now;
        }
        return Optional.ofNullable(states.get(id));
    }

    private double secondsSince(Instant t) {
        return Duration.between(t, clock.instant()).toMillis() / 1000.0;
    }

    private double secondsUntil(Instant t) {
        return Duration.between(clock.instant(), t).toMillis() / 1000.0;
    }
}
