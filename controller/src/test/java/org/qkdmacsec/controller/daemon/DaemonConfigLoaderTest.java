package org.qkdmacsec.controller.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.controller.api.ReadAccess;
import org.qkdmacsec.controller.inventory.SecretRef;

class DaemonConfigLoaderTest {
    @Test
    void anEmptyFileIsTheDefaults() {
        assertEquals(DaemonConfig.defaults(), DaemonConfigLoader.parse("d.yaml", ""));
        assertEquals(DaemonConfig.defaults(), DaemonConfigLoader.parse("d.yaml", "# nothing\n"));
    }

    @Test
    void theExampleConfigurationParses() {
        DaemonConfig c = DaemonConfigLoader.load(Path.of("../packaging/config/daemon.yaml"));
        assertEquals(Optional.of(Path.of("/etc/qkd-macsec/inventory.yaml")), c.inventory());
        assertEquals("127.0.0.1", c.api().bind());
    }

    @Test
    void everyKeyIsRead() {
        DaemonConfig c = DaemonConfigLoader.parse("d.yaml", """
                inventory: /etc/qkd-macsec/inventory.yaml
                journal: {url: "jdbc:postgresql://127.0.0.1:5432/qkd", user: qkd, password: "env:QKD_DB_PASSWORD", pool-size: 20}
                cluster: {enabled: true, name: noc, checkin-interval: 3s}
                scheduler: {threads: 2, misfire-threshold: 30s, begin-timeout: 0s}
                engine: {confirm-window: 3s, lead-margin: 3s, confirm-safety: 2s, verify-settle: 1s, verify-timeout: 8s,
                         poll-interval: PT0.5S, skew-bound: 2s, max-concurrent: 16, workers: 3, reconcile-timeout: 5m, kme-wait: 30s,
                         batch-window: PT0.5S, batch-links: 32}
                resilience: {kme-failures: 5, hold-down: 30s, hold-down-max: 20m}
                alarms: {key-age-intervals: 4, check-interval: 10s,
                         webhook: {url: "https://noc.example.net/hooks/qkd", token: "file:/etc/qkd-macsec/webhook-token", timeout: 2s}}
                reload: {watch: false, poll-interval: 5s}
                shutdown: {timeout: 90s}
                api: {enabled: true, bind: 10.0.0.5, port: 9500, token: "env:QKD_MACSEC_API_TOKEN", token-file: /var/lib/q/t, reads: open,
                      allowed-hosts: [ctl1.example.net], allowed-origins: ["https://noc.example.net"],
                      tls: {pkcs12: /etc/qkd-macsec/api.p12, password: "env:QKD_MACSEC_API_P12"}}
                monitor: {observe-interval: 10s, observe-concurrency: 2, kme-interval: 0s}
                """);
        assertEquals(Optional.of("jdbc:postgresql://127.0.0.1:5432/qkd"), c.journal().url());
        assertEquals(Optional.of(new SecretRef.Env("QKD_DB_PASSWORD")), c.journal().password());
        assertEquals(new DaemonConfig.Cluster(true, "noc", Duration.ofSeconds(3)), c.cluster());
        assertEquals(new DaemonConfig.Scheduler(2, Duration.ofSeconds(30), Duration.ZERO), c.scheduler());
        assertEquals(Duration.ofSeconds(3), c.engine().confirmWindow());
        assertEquals(Duration.ofMillis(500), c.engine().pollInterval());
        assertEquals(16, c.engine().maxConcurrent());
        assertEquals(3, c.engineWorkers());
        assertEquals(Duration.ofMinutes(5), c.engine().reconcileTimeout());
        assertEquals(Duration.ofSeconds(30), c.engine().kmeWait());
        assertEquals(Duration.ofMillis(500), c.engine().batchWindow());
        assertEquals(32, c.engine().batchLinks());
        assertEquals(new DaemonConfig.Resilience(5, Duration.ofSeconds(30), Duration.ofMinutes(20)), c.resilience());
        assertEquals(URI.create("https://noc.example.net/hooks/qkd"), c.alarms().webhook().orElseThrow().url());
        assertEquals(Duration.ofSeconds(90), c.shutdownTimeout());
        assertEquals(new DaemonConfig.Api(true, "10.0.0.5", 9500, Optional.of(new SecretRef.Env("QKD_MACSEC_API_TOKEN")),
                Optional.of(Path.of("/var/lib/q/t")), Optional.of(ReadAccess.OPEN), List.of("ctl1.example.net"), List.of("https://noc.example.net"),
                Optional.of(new DaemonConfig.Tls(Optional.empty(), Optional.empty(), Optional.of(Path.of("/etc/qkd-macsec/api.p12")),
                        Optional.of(new SecretRef.Env("QKD_MACSEC_API_P12"))))), c.api());
        assertEquals(new DaemonConfig.Monitor(Duration.ofSeconds(10), 2, Duration.ZERO), c.monitor());
    }

    @Test
    void everyProblemIsNamedByItsPathAndNoSecretIsEchoed() {
        ConfigException e = assertThrows(ConfigException.class, () -> DaemonConfigLoader.parse("d.yaml", """
                journal: {pool-size: 0, passwort: x}
                engine: {confirm-window: soon}
                resilience: {hold-down: 10m, hold-down-max: 1m}
                alarms: {webhook: {url: "ftp://x", token: s3cr3t-t0ken}}
                api: {port: 70000, token: hunter2-api-token, reads: maybe, allowed-origins: ["https://noc.example.net/path"],
                      tls: {cert: /etc/c.pem, password: "env:X"}}
                monitor: {observe-concurrency: 0}
                colour: blue
                """));
        String all = String.join("\n", e.lines());
        assertTrue(all.contains("d.yaml:1:22: journal.pool-size: 0 is out of range (allowed: 2 to 200)"), all);
        assertTrue(all.contains("d.yaml:1:25: journal.passwort: unknown field (did you mean 'password'?)"), all);
        assertTrue(all.contains("d.yaml:2:26: engine.confirm-window: invalid duration 'soon'"), all);
        assertTrue(all.contains("d.yaml:3:45: resilience.hold-down-max: hold-down-max 1m is shorter than hold-down 10m"), all);
        assertTrue(all.contains("d.yaml:4:25: alarms.webhook.url: 'ftp://x' is not an http:// or https:// URL"), all);
        assertTrue(all.contains("d.yaml:4:43: alarms.webhook.token: inline secrets are not allowed (use env:NAME or file:PATH)"), all);
        assertTrue(all.contains("d.yaml:5:13: api.port: 70000 is out of range (allowed: 0 to 65535)"), all);
        assertTrue(all.contains("d.yaml:5:27: api.token: inline secrets are not allowed"), all);
        assertTrue(all.contains("d.yaml:8:1: colour: unknown field"), all);
        assertTrue(all.contains("d.yaml:5:53: api.reads: unknown value 'maybe' (use open or token)"), all);
        assertTrue(all.contains("api.allowed-origins: 'https://noc.example.net/path' is not an origin"), all);
        assertTrue(all.contains("d.yaml:6:12: api.tls: give either cert and key (PEM) or pkcs12 and password"), all);
        assertTrue(all.contains("d.yaml:7:32: monitor.observe-concurrency: 0 is out of range (allowed: 1 to 256)"), all);
        assertEquals(13, e.errors().size(), all);
        assertFalse(all.contains("s3cr3t") || all.contains("hunter2"), all);
    }

    @Test
    void notYamlIsReportedWhereTheParserStopped() {
        ConfigException e = assertThrows(ConfigException.class, () -> DaemonConfigLoader.parse("d.yaml", "api: [unclosed"));
        assertTrue(e.getMessage().startsWith("d.yaml:1:15: (yaml): expected ',' or ']'"), e.getMessage());
    }
}
