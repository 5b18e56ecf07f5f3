package org.qkdmacsec.controller.daemon;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.qkdmacsec.controller.api.ApiBackend;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/** {@code GET /ready}: the daemon schedules (Quartz running, not in standby), the journal answers, no stop under way. */
final class ReadinessProbe {
    private final Scheduler quartz;
    private final DataSource journal;
    private final BooleanSupplier started;
    private final BooleanSupplier stopping;

    ReadinessProbe(Scheduler quartz, DataSource journal, BooleanSupplier started, BooleanSupplier stopping) {
        this.quartz = quartz;
        this.journal = journal;
        this.started = started;
        this.stopping = stopping;
    }

    ApiBackend.Readiness check() {
        Map<String, String> checks = new LinkedHashMap<>();
        boolean scheduling;
        try {
            scheduling = quartz.isStarted() && !quartz.isInStandbyMode() && !quartz.isShutdown();
        } catch (SchedulerException e) {
            scheduling = false;
        }
        checks.put("scheduler", scheduling ? "running" : "stopped");
        String db;
        try (Connection c = journal.getConnection()) {
            db = c.isValid(2) ? "ok" : "not answering";
        } catch (SQLException e) {
            db = "unreachable: " + e.getMessage();
        }
        checks.put("journal", db);
        checks.put("shutting_down", stopping.getAsBoolean() ? "yes" : "no");
        return new ApiBackend.Readiness(started.getAsBoolean() && scheduling && db.equals("ok"), checks);
    }
}
