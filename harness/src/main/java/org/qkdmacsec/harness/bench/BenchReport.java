package org.qkdmacsec.harness.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.qkdmacsec.controller.cli.CommandSupport;
import org.qkdmacsec.controller.cli.Table;

/** What {@code bench} measured, per round, as a table or JSON (docs/performance.md explains each figure). */
record BenchReport(BenchTopology topology, int workers, int maxConcurrent, Duration setup, List<Round> rounds) {

    /** One measured round: every link rolled once. */
    record Round(int round, int links, Map<String, Long> outcomes, long retried, Duration prepared, Duration done, Duration pathP50,
                 Duration pathP99, Duration pathMax, long commitOperations, long maxCommitsOneRouter, long encRequests,
                 long keys, long heapBytes, int peakThreads, int liveThreads, long cpuNanos, double outageSeconds,
                 List<String> unsecured) {

        boolean ok() {
            return outcomes.getOrDefault("DONE", 0L) == links && outageSeconds == 0;
        }

        /** Rollovers prepared (both ends confirmed) per minute: the controller's throughput; lead and overlap are timers. */
        double perMinute() {
            return prepared.isZero() ? 0 : links * 60_000.0 / prepared.toMillis();
        }

        double cpuMsPerRollover() {
            return cpuNanos / 1e6 / Math.max(1, links);
        }

        double heapKbPerLink() {
            return heapBytes / 1024.0 / Math.max(1, links);
        }

        double keysPerRequest() {
            return encRequests == 0 ? 0 : (double) keys / encRequests;
        }

        String summary() {
            return String.format(Locale.ROOT, "%d/%d DONE, prepared in %.1f s (%.0f/min), done in %.1f s, outage %.1f s",
                    outcomes.getOrDefault("DONE", 0L), links, prepared.toMillis() / 1000.0, perMinute(), done.toMillis() / 1000.0,
                    outageSeconds);
        }
    }

    boolean ok() {
        return !rounds.isEmpty() && rounds.stream().allMatch(Round::ok);
    }

    void print(PrintWriter out) {
        BenchTopology t = topology;
        out.printf(Locale.ROOT, "bench: %d links over %d %s lab routers (%d pairs, up to %d ports each), commit latency %s;"
                        + " lab in its own process, started in %.1f s; engine: %d workers, %d transactions at once%n",
                t.links(), t.routers(), t.vendor(), t.pairs(), t.portsPerRouter(), seconds(t.commitLatency()), setup.toMillis() / 1000.0,
                workers, maxConcurrent);
        Table table = new Table("ROUND", "DONE", "PREPARED IN", "ROLLOVERS/MIN", "DONE IN", "PATH P50", "PATH P99",
                "COMMITS/ROUTER", "KEYS/REQUEST", "HEAP/LINK", "THREADS", "CPU/ROLLOVER", "OUTAGE");
        for (Round r : rounds) {
            table.row(String.valueOf(r.round()), r.outcomes().getOrDefault("DONE", 0L) + "/" + r.links(), seconds(r.prepared()),
                    String.format(Locale.ROOT, "%.0f", r.perMinute()), seconds(r.done()), millis(r.pathP50()), millis(r.pathP99()),
                    String.format(Locale.ROOT, "%.1f (max %d)", (double) r.commitOperations() / t.routers(), r.maxCommitsOneRouter()),
                    String.format(Locale.ROOT, "%.1f", r.keysPerRequest()), String.format(Locale.ROOT, "%.1f KB", r.heapKbPerLink()),
                    String.valueOf(r.peakThreads()), String.format(Locale.ROOT, "%.2f ms", r.cpuMsPerRollover()),
                    String.format(Locale.ROOT, "%.1f s", r.outageSeconds()));
        }
        table.print(out);
        out.println("PREPARED IN: first submit to the last link with both ends confirmed; ROLLOVERS/MIN counts that span.");
        out.println("DONE IN: to the last link verified and retired (adds the lead the engine's safety rules set, and the overlap).");
        out.println("PATH: per link, key fetch to both ends confirmed. COMMITS/ROUTER: commits and confirmations per router,");
        out.println("counted by the lab routers. HEAP/LINK: controller heap after GC over the heap before the inventory, per link.");
        out.println("OUTAGE: seconds without a secured MKA CA over all links during the round, per the lab's MKA models.");
        for (Round r : rounds) {
            r.outcomes().entrySet().stream().filter(e -> !e.getKey().equals("DONE"))
                    .forEach(e -> out.println("round " + r.round() + ": " + e.getValue() + " link(s) " + e.getKey()));
            if (r.retried() > 0) {
                out.println("round " + r.round() + ": " + r.retried() + " link(s) tried a second time (the first try missed its"
                        + " deadline and changed nothing)");
            }
            if (!r.unsecured().isEmpty()) {
                out.println("round " + r.round() + ": unsecured for a while: " + String.join(", ", r.unsecured().subList(0, Math.min(10, r.unsecured().size()))));
            }
        }
        out.println(ok() ? "Every rollover DONE with 0 s outage." : "Some rollovers failed or lost traffic; see above.");
        out.flush();
    }

    void printJson(PrintWriter out) {
        ObjectNode o = CommandSupport.jsonObject();
        o.put("links", topology.links());
        o.put("routers", topology.routers());
        o.put("vendor", topology.vendor());
        o.put("ports_per_router", topology.portsPerRouter());
        o.put("commit_latency_seconds", topology.commitLatency().toMillis() / 1000.0);
        o.put("workers", workers);
        o.put("max_concurrent", maxConcurrent);
        o.put("lab_setup_seconds", setup.toMillis() / 1000.0);
        o.put("ok", ok());
        ArrayNode a = o.putArray("rounds");
        for (Round r : rounds) {
            ObjectNode x = a.addObject();
            x.put("round", r.round());
            x.put("links", r.links());
            ObjectNode outcomes = x.putObject("outcomes");
            r.outcomes().forEach(outcomes::put);
            x.put("retried", r.retried());
            x.put("prepared_seconds", r.prepared().toMillis() / 1000.0);
            x.put("rollovers_per_minute", Math.round(r.perMinute()));
            x.put("done_seconds", r.done().toMillis() / 1000.0);
            x.put("critical_path_p50_ms", r.pathP50().toMillis());
            x.put("critical_path_p99_ms", r.pathP99().toMillis());
            x.put("critical_path_max_ms", r.pathMax().toMillis());
            x.put("commit_operations", r.commitOperations());
            x.put("commits_per_router", (double) r.commitOperations() / topology.routers());
            x.put("max_commits_one_router", r.maxCommitsOneRouter());
            x.put("kme_enc_requests", r.encRequests());
            x.put("keys", r.keys());
            x.put("keys_per_request", r.keysPerRequest());
            x.put("heap_bytes", r.heapBytes());
            x.put("heap_bytes_per_link", r.heapBytes() / Math.max(1, r.links()));
            x.put("threads_peak", r.peakThreads());
            x.put("threads_live", r.liveThreads());
            x.put("cpu_seconds", r.cpuNanos() / 1e9);
            x.put("cpu_ms_per_rollover", r.cpuMsPerRollover());
            x.put("outage_seconds", r.outageSeconds());
            ArrayNode u = x.putArray("unsecured_links");
            r.unsecured().forEach(u::add);
            x.put("ok", r.ok());
        }
        CommandSupport.printJson(out, o);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }
}
