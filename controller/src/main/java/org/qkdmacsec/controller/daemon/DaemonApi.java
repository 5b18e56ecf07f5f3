package org.qkdmacsec.controller.daemon;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qkdmacsec.controller.api.ApiBackend;
import org.qkdmacsec.controller.engine.LinkSpec;
import org.qkdmacsec.controller.engine.RolloverRequest;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.journal.Journal;
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.controller.runtime.LinkSpecs;

/** The daemon as the HTTP API sees it. */
final class DaemonApi implements ApiBackend {
    private final Daemon daemon;

    DaemonApi(Daemon daemon) {
        this.daemon = daemon;
    }

    @Override
    public Readiness readiness() {
        Map<String, String> checks = new LinkedHashMap<>();
        boolean scheduling;
        try {
            scheduling = daemon.quartz().isStarted() && !daemon.quartz().isInStandbyMode() && !daemon.quartz().isShutdown();
        } catch (org.quartz.SchedulerException e) {
            scheduling = false;
        }
        checks.put("scheduler", scheduling ? "running" : "stopped");
        String journal;
        try (Connection c = daemon.runtime().database().dataSource().getConnection()) {
            journal = c.isValid(2) ? "ok" : "not answering";
        } catch (SQLException e) {
            journal = "unreachable: " + e.getMessage();
        }
        checks.put("journal", journal);
        checks.put("shutting_down", daemon.isStopping() ? "yes" : "no");
        return new Readiness(daemon.isReady() && scheduling && journal.equals("ok"), checks);
    }

    @Override
    public List<LinkStatus> links() {
        List<TxnRecord> unfinished = daemon.runtime().journal().unfinished();
        List<LinkStatus> out = new ArrayList<>();
        for (Link l : daemon.runtime().inventory().links()) {
            out.add(status(l, unfinished));
        }
        return out;
    }

    @Override
    public Optional<LinkStatus> link(String id) {
        return find(id).map(l -> status(l, daemon.runtime().journal().unfinished()));
    }

    private LinkStatus status(Link l, List<TxnRecord> unfinished) {
        Journal j = daemon.runtime().journal();
        Instant now = daemon.clock().instant();
        LinkHealth h = LinkHealth.of(j.history(l.id(), LinkRunner.HISTORY), now);
        return new LinkStatus(l.id(), l.a().address(), l.b().address(), l.schedule().interval(), l.schedule().jitter(),
                daemon.schedules().nextFire(l.id()), j.linkState(l.id()),
                unfinished.stream().filter(t -> t.linkId().equals(l.id())).findFirst(), h.kmeFailures(),
                h.holdDownUntil(daemon.config().resilience()).filter(now::isBefore), daemon.alarms().active(l.id()));
    }

    @Override
    public Optional<List<TxnHistory>> history(String id, int limit) {
        if (find(id).isEmpty()) {
            return Optional.empty();
        }
        Journal j = daemon.runtime().journal();
        return Optional.of(j.history(id, limit).stream().map(t -> new TxnHistory(t, j.steps(t.id()))).toList());
    }

    @Override
    public RolloverAccepted rollover(String id) {
        if (daemon.isStopping()) {
            return new RolloverAccepted(RolloverAccepted.Outcome.UNAVAILABLE, Optional.empty(), "the daemon is shutting down");
        }
        Optional<LinkSpec> spec = LinkSpecs.byId(daemon.runtime().inventory(), id);
        if (spec.isEmpty()) {
            return new RolloverAccepted(RolloverAccepted.Outcome.NOT_FOUND, Optional.empty(), "no link '" + id + "' in the inventory");
        }
        if (daemon.runner().inProgress(id)) {
            return new RolloverAccepted(RolloverAccepted.Outcome.CONFLICT, Optional.empty(), "link " + id
                    + " has a transaction in progress; see /api/links/" + id);
        }
        // An operator's request is not subject to the KME hold-down: it is an explicit decision to try now.
        FireOutcome o = daemon.runner().submit(spec.get(), RolloverRequest.immediate(spec.get()), "operator");
        if (!o.submitted()) {
            return new RolloverAccepted(RolloverAccepted.Outcome.CONFLICT, o.txnId(), "refused: " + o.reason());
        }
        return new RolloverAccepted(RolloverAccepted.Outcome.ACCEPTED, o.txnId(), "a fresh key goes into service at now + lead;"
                + " follow /api/links/" + id + "/history");
    }

    @Override
    public String scrape() {
        return daemon.registry().scrape();
    }

    private Optional<Link> find(String id) {
        return daemon.runtime().inventory().links().stream().filter(l -> l.id().equals(id)).findFirst();
    }
}
