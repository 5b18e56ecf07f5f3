package org.qkdmacsec.controller.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.qkdmacsec.controller.api.ApiBackend;
import org.qkdmacsec.controller.api.LinkReport;
import org.qkdmacsec.controller.journal.Journal;

/**
 * The daemon as the HTTP API sees it, built from the few parts the API needs (no walk through the
 * daemon): link reports, the journal for history and alarms, the runner for operator rollovers, the
 * monitors, readiness and the metrics registry's exposition.
 */
final class DaemonApi implements ApiBackend {
    private final LinkReports reports;
    private final Journal journal;
    private final Alarms alarms;
    private final LinkRunner runner;
    private final KmeStockPoller kmes;
    private final ReadinessProbe readiness;
    private final Supplier<String> scrape;

    DaemonApi(LinkReports reports, Journal journal, Alarms alarms, LinkRunner runner, KmeStockPoller kmes, ReadinessProbe readiness,
              Supplier<String> scrape) {
        this.reports = reports;
        this.journal = journal;
        this.alarms = alarms;
        this.runner = runner;
        this.kmes = kmes;
        this.readiness = readiness;
        this.scrape = scrape;
    }

    @Override
    public Readiness readiness() {
        return readiness.check();
    }

    @Override
    public List<LinkReport> links() {
        return reports.all();
    }

    @Override
    public Optional<LinkReport> link(String id) {
        return reports.one(id);
    }

    @Override
    public Optional<List<TxnHistory>> history(String id, int limit) {
        if (reports.find(id).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(journal.history(id, limit).stream().map(t -> new TxnHistory(t, journal.steps(t.id()))).toList());
    }

    @Override
    public List<KeyTimeline> timeline() {
        return reports.timeline();
    }

    @Override
    public List<KmeStock> kmes() {
        return kmes.snapshot();
    }

    @Override
    public AlarmFeed alarms(int limit) {
        List<ActiveAlarm> active = new ArrayList<>();
        alarms.allActive().forEach((link, kinds) -> kinds.forEach(k -> active.add(new ActiveAlarm(link, k))));
        return new AlarmFeed(active, journal.auditEvents(Optional.empty(), limit));
    }

    @Override
    public RolloverAccepted rollover(String id, boolean force) {
        FireOutcome o = runner.operator(id, force);
        if (o.submitted()) {
            return new RolloverAccepted(RolloverAccepted.Outcome.ACCEPTED, o.txnId(), "a fresh key goes into service at now + lead;"
                    + " follow /api/links/" + id + "/history");
        }
        return switch (o.reason()) {
            case "shutting_down" -> new RolloverAccepted(RolloverAccepted.Outcome.UNAVAILABLE, Optional.empty(), "the daemon is shutting down");
            case "not_in_inventory" -> new RolloverAccepted(RolloverAccepted.Outcome.NOT_FOUND, Optional.empty(),
                    "no link '" + id + "' in the inventory");
            case "in_progress" -> new RolloverAccepted(RolloverAccepted.Outcome.CONFLICT, Optional.empty(), "link " + id
                    + " has a transaction in progress; see /api/links/" + id);
            case "hold_down" -> new RolloverAccepted(RolloverAccepted.Outcome.HELD_DOWN, Optional.empty(), "link " + id
                    + " is held down after repeated KME failures until " + runner.holdDown(id).map(Object::toString).orElse("shortly")
                    + "; POST /api/links/" + id + "/rollover?force=true to try anyway");
            default -> new RolloverAccepted(RolloverAccepted.Outcome.CONFLICT, o.txnId(), "refused: " + o.reason());
        };
    }

    @Override
    public String scrape() {
        return scrape.get();
    }
}
