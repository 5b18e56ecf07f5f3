package org.qkdmacsec.controller.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkdmacsec.controller.daemon.Waits.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.controller.cli.Main;
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.controller.journal.TxnState;
import org.qkdmacsec.harness.lab.EmbeddedLab;
import org.quartz.JobKey;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * The daemon as it runs in production, in real time (Quartz cannot run on a simulated clock): Quartz
 * with its JDBC store in an H2 journal, the engine, the HTTP API, against the lab's simulators on
 * loopback. Short intervals (6 s) and a 2 s confirm window keep each test to seconds.
 */
class DaemonTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    EmbeddedLab lab;
    Daemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.stop();
        }
        if (lab != null) {
            lab.close();
        }
    }

    private LabFiles lab(int pairs, int linksPerPair, Duration interval) {
        LabFiles f = LabFiles.of(dir, pairs, linksPerPair, interval, Duration.ofSeconds(1), 3, Duration.ofSeconds(1), Duration.ofSeconds(2));
        lab = f.startLab();
        return f;
    }

    private DaemonConfig config(String extra) {
        String api = extra.contains("api:") ? "" : "api: {port: 0, reads: token, token: \"file:" + dir.resolve("token") + "\"}\n";
        return DaemonConfigLoader.parse("test", "journal: {data-dir: " + dir.resolve("var") + "}\n" + LabFiles.engineYaml() + api
                + "alarms: {check-interval: 1s}\nreload: {poll-interval: PT0.2S}\n" + extra);
    }

    @Test
    void runsEveryLinkOnScheduleServesTheApiAndStopsGracefully() throws Exception {
        LabFiles f = lab(1, 2, Duration.ofSeconds(6));
        Files.writeString(dir.resolve("token"), "s3cret-api-token\n");
        daemon = Daemon.start(config(""), f.write("inventory.yaml"), Clock.systemUTC(), "test/" + ProcessHandle.current().pid());
        for (String id : f.linkIds()) {
            await(() -> done(id) >= 1, Duration.ofSeconds(60), id + " has a DONE rollover");
        }
        String base = "http://127.0.0.1:" + daemon.apiAddress().orElseThrow().getPort();

        // Authentication (reads: token): /health and /ready are open; everything else needs the bearer token.
        assertEquals(200, get(base + "/health", null).statusCode());
        HttpResponse<String> ready = get(base + "/ready", null);
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("ready", JSON.readTree(ready.body()).path("status").asText());
        for (String token : new String[] {null, "wrong-token", "s3cret-api-token-but-longer"}) {
            HttpResponse<String> r = get(base + "/api/links", token);
            assertEquals(401, r.statusCode(), "token " + token);
            assertEquals(Optional.of("Bearer realm=\"qkd-macsec\""), r.headers().firstValue("WWW-Authenticate"));
            assertEquals(401, get(base + "/metrics", token).statusCode());
        }

        String token = "s3cret-api-token";
        JsonNode links = JSON.readTree(get(base + "/api/links", token).body()).path("links");
        assertEquals(2, links.size());
        JsonNode l1 = links.get(0);
        assertEquals("p01-01", l1.path("link").asText());
        assertEquals("r1:ge-0/0/1", l1.path("a").asText());
        assertEquals(6, l1.path("schedule").path("interval_seconds").asInt());
        assertTrue(Instant.parse(l1.path("schedule").path("next_run").asText()).isAfter(Instant.now().minusSeconds(10)));
        assertEquals(64, l1.path("active_ckn").asText().length());
        for (String key : List.of("active_key_id", "active_since", "key_age_seconds", "next_start", "future_keys", "last_txn", "last_result",
                "last_reason", "last_success", "in_progress", "kme_failures", "hold_down_until", "alarms")) {
            assertTrue(l1.has(key), key + " in " + l1);
        }
        JsonNode one = JSON.readTree(get(base + "/api/links/p01-01", token).body());
        for (String key : List.of("link", "a", "b", "kme_failures")) {
            assertEquals(l1.path(key), one.path(key), key);
        }
        JsonNode history = JSON.readTree(get(base + "/api/links/p01-01/history?limit=2", token).body());
        assertEquals("p01-01", history.path("link").asText());
        assertTrue(history.path("transactions").size() >= 1 && history.path("transactions").size() <= 2);
        JsonNode done = null;
        for (JsonNode t : history.path("transactions")) {
            // A run that found the keyring full only retires: it has no keys and few steps.
            done = t.path("state").asText().equals("DONE") && t.path("keys").size() > 0 ? t : done;
        }
        if (done != null) {
            assertTrue(done.path("steps").size() > 5, done.toString());
            assertEquals("PLANNED", done.path("steps").get(0).path("step").asText());
            assertEquals(64, done.path("keys").get(0).path("ckn").asText().length());
        }
        assertEquals(404, get(base + "/api/links/nope", token).statusCode());
        assertEquals(404, get(base + "/api/links/nope/history", token).statusCode());
        assertEquals(400, get(base + "/api/links/p01-01/history?limit=0", token).statusCode());
        assertEquals(405, get(base + "/api/links/p01-01/rollover", token).statusCode());
        assertEquals(404, get(base + "/api/nothing", token).statusCode());
        HttpResponse<String> roll = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/links/p01-02/rollover"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        // Accepted, or refused because the link's periodic run is in flight at this moment.
        assertTrue(roll.statusCode() == 202 || roll.statusCode() == 409, roll.statusCode() + " " + roll.body());
        if (roll.statusCode() == 202) {
            String txn = JSON.readTree(roll.body()).path("txn").asText();
            assertTrue(daemon.runtime().journal().txn(txn).isPresent(), roll.body());
        } else {
            assertTrue(JSON.readTree(roll.body()).path("error").asText().contains("in progress"), roll.body());
        }
        String metrics = get(base + "/metrics", token).body();
        assertTrue(metrics.contains("qkd_macsec_rollovers_total{reason=\"-\",result=\"DONE\"}"), metrics);
        assertTrue(metrics.contains("qkd_macsec_schedule_fires_total{action=\"submitted\",reason=\"periodic\"}"), metrics);
        assertTrue(metrics.contains("jvm_threads_live_threads"), metrics);
        assertTrue(get(base + "/metrics", token).headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));

        // status --api renders the same links.
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertEquals(0, cl.execute("status", "--api", base, "--token", "file:" + dir.resolve("token")), err.toString());
        assertTrue(out.toString().startsWith("LINK"), out.toString());
        assertTrue(out.toString().contains("p01-01") && out.toString().contains("r1:ge-0/0/2 <-> r2:ge-0/0/2"), out.toString());
        cl.setErr(new PrintWriter(err));
        assertEquals(1, cl.execute("status", "--api", base), "no token: refused");
        assertTrue(err.toString().contains("401"), err.toString());

        // Graceful stop: whatever this instance runs reaches COMMITTED or ends.
        daemon.stop();
        assertFalse(daemon.isReady());
        for (TxnRecord t : persistedJournal(j -> j.unfinished())) {
            assertTrue(t.state().ordinal() >= TxnState.COMMITTED.ordinal(), t.toString());
        }
    }

    @Test
    void gracefulStopWaitsUntilATransactionInFlightIsConfirmedOrAborted() {
        LabFiles f = lab(1, 1, Duration.ofSeconds(6));
        // Commits take 3 s on r1: the stop catches the run between staging and confirmation and waits for its end.
        lab.junos("r1").orElseThrow().faults().slowCommit(Duration.ofSeconds(3));
        daemon = Daemon.start(config("api: {enabled: false}\n"), f.write("inventory.yaml"), Clock.systemUTC(), "test/1");
        await(() -> daemon.runtime().journal().unfinished().stream().anyMatch(t -> t.state() == TxnState.STAGED), Duration.ofSeconds(30),
                "a transaction is STAGED");
        TxnRecord inFlight = daemon.runtime().journal().unfinished().get(0);
        daemon.stop();
        TxnState after = persistedJournal(j -> j.txn(inFlight.id()).orElseThrow().state());
        assertTrue(after.ordinal() >= TxnState.COMMITTED.ordinal() && after != TxnState.FAILED, after.toString());
    }

    /** Reads what the stopped daemon left in its journal. */
    private <T> T persistedJournal(java.util.function.Function<org.qkdmacsec.controller.journal.Journal, T> read) {
        try (var db = org.qkdmacsec.controller.journal.JournalDatabase.embedded(dir.resolve("var"))) {
            return read.apply(new org.qkdmacsec.controller.journal.Journal(db, Clock.systemUTC(), "reader"));
        }
    }

    @Test
    void reloadAddsRemovesAndReschedulesOnlyWhatChangedAndRefusesAnInvalidInventory() throws Exception {
        LabFiles f = lab(1, 3, Duration.ofHours(1));
        Path inv = f.write("inventory.yaml", id -> !id.equals("p01-03"), "{interval: 1h, jitter: 1m}");
        daemon = Daemon.start(config("api: {enabled: false}\n"), inv, Clock.systemUTC(), "test/1");
        assertEquals(Set.of("p01-01", "p01-02"), jobs());
        Trigger before = trigger("p01-01");

        f.write("inventory.yaml", id -> !id.equals("p01-02"), "{interval: 1h, jitter: 1m}");
        Daemon.ReloadResult r = daemon.reload();
        assertEquals(new Daemon.ReloadResult(true, List.of(), List.of("p01-03"), List.of("p01-02"), List.of()), r);
        assertEquals(Set.of("p01-01", "p01-03"), jobs());
        assertEquals(before.getJobDataMap(), trigger("p01-01").getJobDataMap(), "an unchanged link keeps its schedule");
        assertEquals(before.getNextFireTime(), trigger("p01-01").getNextFireTime());
        assertTrue(daemon.runtime().inventory().link("p01-02").isEmpty());

        Files.writeString(inv, Files.readString(inv).replace("schedule: {interval: 1h, jitter: 1m}\n    keyring-slots: 3\n    lead: 1s\n    overlap: 2s\n  - id: p01-03",
                "schedule: {interval: 2h, jitter: 1m}\n    keyring-slots: 3\n    lead: 1s\n    overlap: 2s\n  - id: p01-03"));
        // The file watcher notices the change by itself.
        await(() -> trigger("p01-01") != null && !trigger("p01-01").getJobDataMap().equals(before.getJobDataMap()), Duration.ofSeconds(10),
                "p01-01 rescheduled after the file changed");
        assertEquals("7200000", trigger("p01-01").getJobDataMap().getString("interval"));

        String good = Files.readString(inv);
        Files.writeString(inv, good.replace("interval: 2h, jitter: 1m", "interval: 2h, jitter: 3h"));
        Daemon.ReloadResult refused = daemon.reload();
        assertFalse(refused.applied());
        assertTrue(refused.errors().get(0).contains("inventory.yaml:") && refused.errors().get(0).contains("schedule.jitter"), refused.toString());
        assertEquals(Set.of("p01-01", "p01-03"), jobs(), "the inventory in force stays");
        assertTrue(daemon.runtime().journal().auditEvents(Optional.empty(), 10).stream().anyMatch(e -> e.kind().equals(Alarms.INVENTORY_REFUSED)));
    }

    @Test
    void aRunMissedWhileTheSchedulerWasHeldRunsOncePromptlyNotOncePerMissedSlot() throws Exception {
        LabFiles f = lab(1, 1, Duration.ofHours(1));
        daemon = Daemon.start(config("api: {enabled: false}\nscheduler: {misfire-threshold: 1s}\n"),
                f.write("inventory.yaml", id -> true, "{interval: 4s, jitter: 0s}"), Clock.systemUTC(), "test/1");
        await(() -> fires() >= 1, Duration.ofSeconds(10), "the first run");
        // The first transaction's end re-anchors the grid between key activations: let that happen first.
        await(() -> done("p01-01") >= 1, Duration.ofSeconds(60), "the first key");
        Thread.sleep(1000);
        daemon.quartz().standby();
        Instant anchor = Instant.ofEpochMilli(Long.parseLong(trigger("p01-01").getJobDataMap().getString("anchor")));
        // Resume half a second after a slot, three slots later: the next regular slot is 3.5 s away.
        long k = Duration.between(anchor, Instant.now()).toMillis() / 4000 + 4;
        Instant resume = anchor.plusMillis(k * 4000 + 500);
        Thread.sleep(Duration.between(Instant.now(), resume).toMillis());
        double before = fires();
        daemon.quartz().start();
        Thread.sleep(2500);
        assertEquals(before + 1, fires(), "exactly one prompt run for three missed slots");
        assertEquals(anchor.plusMillis((k + 1) * 4000), trigger("p01-01").getNextFireTime().toInstant(), "and back on the grid");
    }

    private Path writeMinimal(Path file) {
        return LabFiles.of(dir, 1, 1, Duration.ofHours(1), Duration.ZERO, 2, Duration.ofSeconds(60), Duration.ofSeconds(60)).write(file.getFileName().toString());
    }

    // --- helpers ----------------------------------------------------------------------------------------

    /** DONE transactions that added keys (a run fired while the previous one retires finds the keyring full: DONE, nothing added). */
    private long done(String linkId) {
        return daemon.runtime().journal().history(linkId, 50).stream().filter(t -> t.state() == TxnState.DONE && !t.keys().isEmpty()).count();
    }

    private double fires() {
        return daemon.registry().find("qkd_macsec_schedule_fires_total").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private Set<String> jobs() throws Exception {
        return daemon.quartz().getJobKeys(GroupMatcher.jobGroupEquals(LinkSchedules.GROUP)).stream().map(JobKey::getName)
                .collect(Collectors.toSet());
    }

    private Trigger trigger(String linkId) {
        try {
            return daemon.quartz().getTrigger(TriggerKey.triggerKey(linkId, LinkSchedules.GROUP));
        } catch (org.quartz.SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
