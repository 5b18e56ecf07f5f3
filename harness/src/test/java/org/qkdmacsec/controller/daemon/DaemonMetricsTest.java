package org.qkdmacsec.controller.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkdmacsec.controller.daemon.Waits.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.controller.inventory.RepoFiles;
import org.qkdmacsec.controller.journal.TxnState;
import org.qkdmacsec.harness.lab.EmbeddedLab;

/**
 * The series an operator alerts on exist per link and per KME from the daemon's first scrape, and the
 * example alert rules and Grafana dashboard in packaging/ name only series the daemon really exports
 * (and docs/daemon.md lists every one of them).
 */
class DaemonMetricsTest {
    static final Pattern NAME = Pattern.compile("qkd_macsec_[a-z_]+");

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

    @Test
    void perLinkAndPerKmeSeriesAreThereFromTheFirstScrapeAndThePackagedRulesUseOnlyExportedSeries() throws Exception {
        LabFiles f = LabFiles.of(dir, 1, 2, Duration.ofSeconds(6), Duration.ofSeconds(1), 3, Duration.ofSeconds(1), Duration.ofSeconds(2));
        lab = f.startLab();
        Path inventory = f.write("inventory.yaml");
        daemon = Daemon.start(DaemonConfigLoader.parse("test", "journal: {data-dir: " + dir.resolve("var") + "}\n" + LabFiles.engineYaml()
                + "api: {port: 0}\nmonitor: {observe-interval: 1s, kme-interval: 1s}\n"), inventory, Clock.systemUTC(), "test/1");

        String first = daemon.registry().scrape();
        for (String link : f.linkIds()) {
            for (String series : List.of("qkd_macsec_key_age_seconds", "qkd_macsec_next_key_in_seconds", "qkd_macsec_keyring_remaining_seconds",
                    "qkd_macsec_keyring_future_keys", "qkd_macsec_link_secured", "qkd_macsec_link_outage_seconds_total",
                    "qkd_macsec_link_interval_seconds")) {
                assertTrue(first.contains(series + "{link=\"" + link + "\"}"), series + " for " + link + " in the first scrape:\n" + first);
            }
            assertTrue(first.contains("qkd_macsec_link_rollovers_total{link=\"" + link + "\",reason=\"-\",result=\"DONE\"} 0.0"), first);
        }
        for (String pair : List.of("kme=\"kme-a\",peer_sae=\"sae-b\"", "kme=\"kme-b\",peer_sae=\"sae-a\"")) {
            assertTrue(first.contains("qkd_macsec_kme_stored_keys{" + pair + "}"), pair + "\n" + first);
            assertTrue(first.contains("qkd_macsec_kme_up{" + pair + "}"), pair);
        }
        assertTrue(first.contains("qkd_macsec_kme_request_seconds_count{kme=\"kme-a\",operation=\"status\",outcome=\"ok\"}"), first);

        // Let the lab's links roll and the monitors look; raise one alarm (a refused reload) so its counter exists too.
        // A DONE that added keys (a run that finds the keyring full is DONE too, with none): the bootstrap's
        // keys have started, so MKA runs on them.
        await(() -> f.linkIds().stream().allMatch(id -> daemon.runtime().journal().history(id, 20).stream()
                .anyMatch(t -> t.state() == TxnState.DONE && !t.keys().isEmpty())), Duration.ofSeconds(90), "every link has a DONE rollover");
        await(() -> daemon.observer().latest("p01-01").filter(o -> o.a().secured() && o.b().secured()).isPresent(), Duration.ofSeconds(20),
                "p01-01 was observed secured");
        Files.writeString(inventory, Files.readString(inventory).replace("links:", "links: [oops"));
        daemon.reload();
        String scrape = daemon.registry().scrape();
        Set<String> exported = exported(scrape);
        assertTrue(scrape.contains("qkd_macsec_link_secured{link=\"p01-01\"} 1.0"), scrape);
        assertTrue(scrape.matches("(?s).*qkd_macsec_link_rollovers_total\\{link=\"p01-01\",reason=\"-\",result=\"DONE\"} [1-9].*"), scrape);
        assertTrue(scrape.matches("(?s).*qkd_macsec_kme_stored_keys\\{kme=\"kme-a\",peer_sae=\"sae-b\"} [1-9].*"), scrape);

        Set<String> used = new TreeSet<>();
        JsonNode rules = new YAMLMapper().readTree(RepoFiles.of("packaging/prometheus/qkd-macsec-alerts.yaml").toFile());
        int alerts = 0;
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                assertFalse(rule.path("alert").asText().isEmpty(), rule.toString());
                assertFalse(rule.path("expr").asText().isEmpty(), rule.toString());
                assertTrue(Set.of("critical", "warning").contains(rule.path("labels").path("severity").asText()), rule.toString());
                used.addAll(names(rule.path("expr").asText()));
                alerts++;
            }
        }
        assertTrue(alerts >= 10, "alert rules: " + alerts);
        JsonNode grafana = new ObjectMapper().readTree(RepoFiles.of("packaging/grafana/qkd-macsec-dashboard.json").toFile());
        List<String> exprs = grafana.findValuesAsText("expr");
        assertTrue(exprs.size() >= 10, exprs.toString());
        exprs.forEach(e -> used.addAll(names(e)));
        grafana.path("templating").findValuesAsText("definition").forEach(e -> used.addAll(names(e)));
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(exported);
        assertEquals(Set.of(), missing, "named in packaging/ but not exported; exported: " + exported);
        for (String series : List.of("qkd_macsec_key_age_seconds", "qkd_macsec_next_key_in_seconds", "qkd_macsec_keyring_remaining_seconds",
                "qkd_macsec_link_outage_seconds_total", "qkd_macsec_link_rollovers_total", "qkd_macsec_kme_stored_keys",
                "qkd_macsec_kme_request_seconds_count")) {
            assertTrue(used.contains(series), series + " is used by a rule or a panel");
        }

        String docs = Files.readString(RepoFiles.of("docs/daemon.md"));
        Set<String> undocumented = new TreeSet<>();
        for (String name : exported) {
            String base = name.replaceAll("_(count|sum|max|bucket)$", "");
            if (!docs.contains("`" + base)) {
                undocumented.add(base);
            }
        }
        assertEquals(Set.of(), undocumented, "every qkd_macsec_* series is listed in docs/daemon.md \"Metrics\"");
    }

    private static Set<String> exported(String scrape) {
        Set<String> out = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("qkd_macsec_")) {
                out.add(line.split("[{ ]", 2)[0]);
            }
        }
        return out;
    }

    private static Set<String> names(String expr) {
        Set<String> out = new TreeSet<>();
        Matcher m = NAME.matcher(expr);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
