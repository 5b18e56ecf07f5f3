package org.qkdmacsec.controller.daemon;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.qkdmacsec.controller.api.ApiBackend;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Kme;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.kme.KmeClient;
import org.qkdmacsec.controller.kme.KmeException;
import org.qkdmacsec.controller.kme.KmeStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many keys each KME holds for each peer SAE the links use, from ETSI GS QKD 014 {@code /status}
 * (which consumes nothing), asked every {@code monitor.kme-interval} on a thread of its own with its own
 * clients ({@link KmeClient#status}). Feeds the dashboard's KME panel and the per-KME metrics
 * {@code qkd_macsec_kme_stored_keys}, {@code qkd_macsec_kme_up} and the status calls' share of
 * {@code qkd_macsec_kme_request_seconds}.
 */
final class KmeStockPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("qkd_macsec.daemon");

    /** A KME asked about one peer SAE. */
    record Pair(String kmeId, String peerSae) { }

    private record Reading(Optional<Instant> at, Optional<KmeStatus> status, Optional<Duration> latency, Optional<String> error) { }

    private final Supplier<Inventory> inventory;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Duration interval;
    private final Map<Pair, Reading> readings = new LinkedHashMap<>();
    private final Map<Pair, List<Meter>> meters = new HashMap<>();
    private final Map<String, KmeClient> clients = new HashMap<>();
    private final Map<String, Kme> opened = new HashMap<>();
    private final Housekeeping thread;

    KmeStockPoller(Supplier<Inventory> inventory, MeterRegistry registry, Clock clock, Duration interval) {
        this.inventory = inventory;
        this.registry = registry;
        this.clock = clock;
        this.interval = interval;
        this.thread = new Housekeeping("kme-stock", () -> false);
        track(inventory.get());
    }

    void start() {
        thread.every(Duration.ofMillis(500), interval, this::poll);
    }

    /** The pairs the links use, each with the links that draw from it, in inventory order. */
    static Map<Pair, List<String>> pairs(Inventory inv) {
        Map<Pair, List<String>> out = new LinkedHashMap<>();
        for (Link l : inv.links()) {
            out.computeIfAbsent(new Pair(l.enc().kme(), l.dec().saeId()), k -> new ArrayList<>()).add(l.id());
            out.computeIfAbsent(new Pair(l.dec().kme(), l.enc().saeId()), k -> new ArrayList<>()).add(l.id());
        }
        return out;
    }

    /** Registers the meters of new pairs and removes those of pairs no link uses any more. */
    synchronized void track(Inventory inv) {
        Map<Pair, List<String>> now = pairs(inv);
        for (var it = meters.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!now.containsKey(e.getKey())) {
                e.getValue().forEach(registry::remove);
                readings.remove(e.getKey());
                it.remove();
            }
        }
        for (Pair p : now.keySet()) {
            if (meters.containsKey(p)) {
                continue;
            }
            readings.put(p, new Reading(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
            meters.put(p, List.of(
                    Gauge.builder("qkd_macsec_kme_stored_keys", this, s -> s.reading(p).status().map(x -> (double) x.storedKeyCount())
                                    .orElse(Double.NaN))
                            .description("Keys a KME holds for a peer SAE (ETSI 014 stored_key_count)").tag("kme", p.kmeId())
                            .tag("peer_sae", p.peerSae()).register(registry),
                    Gauge.builder("qkd_macsec_kme_up", this, s -> s.reading(p).at().isEmpty() && s.reading(p).error().isEmpty() ? Double.NaN
                                    : s.reading(p).error().isEmpty() ? 1 : 0)
                            .description("1 when the KME's last /status for this peer SAE answered").tag("kme", p.kmeId())
                            .tag("peer_sae", p.peerSae()).register(registry),
                    latency(p.kmeId(), "ok")));
        }
    }

    private synchronized Reading reading(Pair p) {
        return readings.getOrDefault(p, new Reading(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    /** Asks every pair once. */
    void poll() {
        Inventory inv = inventory.get();
        track(inv);
        for (Pair p : pairs(inv).keySet()) {
            Optional<Kme> kme = inv.kme(p.kmeId());
            if (kme.isEmpty()) {
                continue;
            }
            long t0 = System.nanoTime();
            Reading previous = reading(p);
            Reading next;
            try {
                KmeStatus s = client(kme.get()).status(p.peerSae());
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                latency(p.kmeId(), "ok").record(took);
                next = new Reading(Optional.of(clock.instant()), Optional.of(s), Optional.of(took), Optional.empty());
            } catch (KmeException e) {
                latency(p.kmeId(), e.kind().name().toLowerCase(Locale.ROOT)).record(Duration.ofNanos(System.nanoTime() - t0));
                String why = e.kind() == KmeException.Kind.NOT_FOUND ? "this KME has no /status (stock unknown)" : e.getMessage();
                next = new Reading(previous.at(), previous.status(), previous.latency(), Optional.of(why));
            } catch (RuntimeException e) {
                next = new Reading(previous.at(), previous.status(), previous.latency(), Optional.of(e.getMessage()));
            }
            if (next.error().isPresent() && !next.error().equals(previous.error())) {
                LOG.warn("event=kme_status kme={} peer_sae={} error=\"{}\"", p.kmeId(), p.peerSae(), next.error().get());
            }
            synchronized (this) {
                readings.put(p, next);
            }
        }
    }

    private Timer latency(String kmeId, String outcome) {
        return Timer.builder("qkd_macsec_kme_request_seconds").description("ETSI GS QKD 014 request latency").tag("kme", kmeId)
                .tag("operation", "status").tag("outcome", outcome).register(registry);
    }

    private KmeClient client(Kme kme) {
        synchronized (clients) {
            if (!kme.equals(opened.get(kme.id()))) {
                Optional.ofNullable(clients.remove(kme.id())).ifPresent(KmeClient::close);
                clients.put(kme.id(), KmeClient.open(kme));
                opened.put(kme.id(), kme);
            }
            return clients.get(kme.id());
        }
    }

    /** What every pair held at its last answer, in inventory order. */
    List<ApiBackend.KmeStock> snapshot() {
        Map<Pair, List<String>> pairs = pairs(inventory.get());
        List<ApiBackend.KmeStock> out = new ArrayList<>();
        pairs.forEach((p, links) -> {
            Reading r = reading(p);
            out.add(new ApiBackend.KmeStock(p.kmeId(), p.peerSae(), new ArrayList<>(new TreeSet<>(links)), r.at(),
                    r.status().map(KmeStatus::storedKeyCount), r.status().map(KmeStatus::maxKeyCount), r.status().map(KmeStatus::keySize),
                    r.latency(), r.error()));
        });
        return out;
    }

    @Override
    public void close() {
        thread.close();
        synchronized (clients) {
            clients.values().forEach(KmeClient::close);
            clients.clear();
        }
    }
}
