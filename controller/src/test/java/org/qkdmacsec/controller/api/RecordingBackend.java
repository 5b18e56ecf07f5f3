package org.qkdmacsec.controller.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An API backend with no links that records which calls reached it: the guard's tests look only at that. */
final class RecordingBackend implements ApiBackend {
    private final List<String> reached;
    private final PrometheusMeterRegistry registry;

    RecordingBackend(List<String> reached, PrometheusMeterRegistry registry) {
        this.reached = reached;
        this.registry = registry;
    }

    @Override
    public Readiness readiness() {
        return new Readiness(true, Map.of("scheduler", "running"));
    }

    @Override
    public List<LinkReport> links() {
        reached.add("links");
        return List.of();
    }

    @Override
    public Optional<LinkReport> link(String id) {
        reached.add("link " + id);
        return Optional.of(new LinkReport(id, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(Set.of()), Optional.empty()));
    }

    @Override
    public Optional<List<TxnHistory>> history(String id, int limit) {
        reached.add("history " + id);
        return Optional.of(List.of());
    }

    @Override
    public List<KeyTimeline> timeline() {
        return List.of();
    }

    @Override
    public List<KmeStock> kmes() {
        return List.of();
    }

    @Override
    public AlarmFeed alarms(int limit) {
        return new AlarmFeed(List.of(), List.of());
    }

    @Override
    public RolloverAccepted rollover(String id, boolean force) {
        reached.add("rollover " + id + " force=" + force);
        return new RolloverAccepted(RolloverAccepted.Outcome.ACCEPTED, Optional.empty(), "accepted");
    }

    @Override
    public String scrape() {
        return registry.scrape();
    }
}
