package org.qkdmacsec.controller.daemon;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.config.Durations;
import org.qkdmacsec.config.Fields;
import org.qkdmacsec.config.Problems;
import org.qkdmacsec.config.YamlDocument;
import org.qkdmacsec.controller.api.ReadAccess;
import org.qkdmacsec.controller.engine.EngineConfig;
import org.qkdmacsec.controller.inventory.SecretRef;
import org.qkdmacsec.controller.inventory.SecretRefs;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the daemon's YAML configuration strictly, as the inventory is read ({@link YamlDocument},
 * {@link Fields}): an unknown key, a wrong type or an out-of-range value is reported as
 * {@code file:line:col: key.path: problem (hint)}, all problems at once, and nothing is half-applied.
 * Every key is optional; see docs/daemon.md.
 */
public final class DaemonConfigLoader {
    private static final YamlDocument.Limit LIMIT = YamlDocument.Limit.of(1, "a daemon configuration");
    static final List<String> TOP = List.of("inventory", "journal", "cluster", "scheduler", "engine", "resilience", "alarms", "reload",
            "shutdown", "api", "monitor");

    private DaemonConfigLoader() {
    }

    public static DaemonConfig load(Path file) {
        return read(file.toString(), YamlDocument.load(file, LIMIT));
    }

    public static DaemonConfig parse(String source, String yaml) {
        return read(source, YamlDocument.parse(source, yaml, LIMIT));
    }

    private static DaemonConfig read(String source, Optional<Node> root) {
        if (root.isEmpty() || Fields.isNull(root.get())) {
            return DaemonConfig.defaults();
        }
        Problems problems = new Problems(source);
        DaemonConfig c = Fields.of(root.get(), "", problems, TOP).map(DaemonConfigLoader::read).orElse(null);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.sorted());
        }
        return c;
    }

    private static DaemonConfig read(Fields root) {
        DaemonConfig d = DaemonConfig.defaults();
        Optional<Path> inventory = root.filePath("inventory");
        Optional<Fields> j = root.optionalMapping("journal", List.of("data-dir", "url", "user", "password", "pool-size"));
        DaemonConfig.Journal journal = new DaemonConfig.Journal(j.flatMap(f -> f.filePath("data-dir")), text(j, "url"), text(j, "user"),
                j.flatMap(f -> SecretRefs.read(f, "password")), integer(j, "pool-size", 2, 200, d.journal().poolSize()));
        Optional<Fields> c = root.optionalMapping("cluster", List.of("enabled", "name", "checkin-interval"));
        DaemonConfig.Cluster cluster = new DaemonConfig.Cluster(bool(c, "enabled", d.cluster().enabled()),
                text(c, "name").orElse(d.cluster().name()), duration(c, "checkin-interval", Duration.ofSeconds(1), d.cluster().checkinInterval()));
        Optional<Fields> s = root.optionalMapping("scheduler", List.of("threads", "misfire-threshold", "begin-timeout"));
        DaemonConfig.Scheduler scheduler = new DaemonConfig.Scheduler(integer(s, "threads", 1, 100, d.scheduler().threads()),
                duration(s, "misfire-threshold", Duration.ofSeconds(1), d.scheduler().misfireThreshold()),
                duration(s, "begin-timeout", Duration.ZERO, d.scheduler().beginTimeout()));
        Optional<Fields> e = root.optionalMapping("engine", List.of("skew-bound", "lead-margin", "confirm-window", "confirm-safety",
                "verify-settle", "verify-timeout", "poll-interval", "max-concurrent", "workers", "reconcile-timeout", "kme-wait",
                "batch-window", "batch-links"));
        EngineConfig ed = d.engine();
        EngineConfig engine = new EngineConfig(duration(e, "skew-bound", Duration.ZERO, ed.skewBound()),
                duration(e, "lead-margin", Duration.ZERO, ed.leadMargin()),
                duration(e, "confirm-window", Duration.ofSeconds(1), ed.confirmWindow()),
                duration(e, "confirm-safety", Duration.ZERO, ed.confirmSafety()),
                duration(e, "verify-settle", Duration.ZERO, ed.verifySettle()),
                duration(e, "verify-timeout", Duration.ofSeconds(1), ed.verifyTimeout()),
                duration(e, "poll-interval", Duration.ofMillis(100), ed.pollInterval()),
                integer(e, "max-concurrent", 1, 100_000, ed.maxConcurrent()),
                duration(e, "reconcile-timeout", Duration.ofSeconds(10), ed.reconcileTimeout()),
                duration(e, "kme-wait", Duration.ZERO, ed.kmeWait()),
                duration(e, "batch-window", Duration.ZERO, ed.batchWindow()),
                integer(e, "batch-links", 1, 1_000, ed.batchLinks()));
        int workers = integer(e, "workers", 1, 1_000, d.engineWorkers());
        Optional<Fields> r = root.optionalMapping("resilience", List.of("kme-failures", "hold-down", "hold-down-max"));
        DaemonConfig.Resilience resilience = new DaemonConfig.Resilience(integer(r, "kme-failures", 1, 1_000, d.resilience().kmeFailures()),
                duration(r, "hold-down", Duration.ofSeconds(1), d.resilience().holdDown()),
                duration(r, "hold-down-max", Duration.ofSeconds(1), d.resilience().holdDownMax()));
        if (resilience.holdDownMax().compareTo(resilience.holdDown()) < 0) {
            r.ifPresent(f -> f.error(f.has("hold-down-max") ? "hold-down-max" : "hold-down", "hold-down-max "
                    + Durations.format(resilience.holdDownMax()) + " is shorter than hold-down " + Durations.format(resilience.holdDown()),
                    "the hold-down grows up to hold-down-max"));
        }
        DaemonConfig.Alarms alarms = alarms(root, d.alarms());
        Optional<Fields> rl = root.optionalMapping("reload", List.of("watch", "poll-interval"));
        DaemonConfig.Reload reload = new DaemonConfig.Reload(bool(rl, "watch", d.reload().watch()),
                duration(rl, "poll-interval", Duration.ofMillis(100), d.reload().pollInterval()));
        Optional<Fields> sh = root.optionalMapping("shutdown", List.of("timeout"));
        Duration shutdown = duration(sh, "timeout", Duration.ZERO, d.shutdownTimeout());
        DaemonConfig.Api api = api(root, d.api());
        Optional<Fields> m = root.optionalMapping("monitor", List.of("observe-interval", "observe-concurrency", "kme-interval"));
        DaemonConfig.Monitor monitor = new DaemonConfig.Monitor(duration(m, "observe-interval", Duration.ZERO, d.monitor().observeInterval()),
                integer(m, "observe-concurrency", 1, 256, d.monitor().observeConcurrency()),
                duration(m, "kme-interval", Duration.ZERO, d.monitor().kmeInterval()));
        return new DaemonConfig(inventory, journal, cluster, scheduler, engine, workers, resilience, alarms, reload, shutdown, api, monitor);
    }

    private static DaemonConfig.Alarms alarms(Fields root, DaemonConfig.Alarms d) {
        Optional<Fields> a = root.optionalMapping("alarms", List.of("key-age-intervals", "check-interval", "webhook"));
        Optional<Fields> w = a.flatMap(f -> f.optionalMapping("webhook", List.of("url", "token", "timeout")));
        Optional<DaemonConfig.Webhook> webhook = w.flatMap(f -> {
            Optional<URI> url = f.required("url", "the endpoint that receives each alarm, https://…").flatMap(u -> httpUri(f, "url", u));
            Optional<SecretRef> token = SecretRefs.read(f, "token");
            Duration timeout = duration(w, "timeout", Duration.ofMillis(100), Duration.ofSeconds(5));
            return url.map(u -> new DaemonConfig.Webhook(u, token, timeout));
        });
        return new DaemonConfig.Alarms(integer(a, "key-age-intervals", 1, 10_000, d.keyAgeIntervals()),
                duration(a, "check-interval", Duration.ofSeconds(1), d.checkInterval()), webhook);
    }

    private static DaemonConfig.Api api(Fields root, DaemonConfig.Api d) {
        Optional<Fields> ap = root.optionalMapping("api", List.of("enabled", "bind", "port", "token", "token-file", "reads", "allowed-hosts",
                "allowed-origins", "tls"));
        Optional<ReadAccess> reads = ap.flatMap(f -> f.text("reads").flatMap(v -> switch (v) {
            case "open" -> Optional.of(ReadAccess.OPEN);
            case "token" -> Optional.of(ReadAccess.TOKEN);
            default -> {
                f.error("reads", "unknown value '" + v + "'", "use open or token");
                yield Optional.empty();
            }
        }));
        List<String> origins = ap.flatMap(f -> f.strings("allowed-origins")).orElse(List.of());
        ap.ifPresent(f -> origins.forEach(o -> httpUri(f, "allowed-origins", o).filter(u -> u.getRawPath() != null
                && !u.getRawPath().isEmpty() || u.getRawQuery() != null).ifPresent(u -> f.error("allowed-origins",
                "'" + o + "' is not an origin", "scheme://host[:port], no path"))));
        Optional<DaemonConfig.Tls> tls = ap.flatMap(f -> f.optionalMapping("tls", List.of("cert", "key", "pkcs12", "password")))
                .map(DaemonConfigLoader::tls);
        return new DaemonConfig.Api(bool(ap, "enabled", d.enabled()), text(ap, "bind").orElse(d.bind()),
                integer(ap, "port", 0, 65_535, d.port()), ap.flatMap(f -> SecretRefs.read(f, "token")),
                ap.flatMap(f -> f.filePath("token-file")), reads, ap.flatMap(f -> f.strings("allowed-hosts")).orElse(List.of()), origins, tls);
    }

    private static DaemonConfig.Tls tls(Fields t) {
        DaemonConfig.Tls x = new DaemonConfig.Tls(t.filePath("cert"), t.filePath("key"), t.filePath("pkcs12"), SecretRefs.read(t, "password"));
        boolean pem = t.has("cert") || t.has("key");
        boolean p12 = t.has("pkcs12") || t.has("password");
        if (pem == p12) {
            t.problems().add(t.mark(), t.path(), "give either cert and key (PEM) or pkcs12 and password", "");
        } else if (pem && !(t.has("cert") && t.has("key"))) {
            t.problems().add(t.mark(), t.path(), "cert and key go together", "");
        } else if (p12 && !(t.has("pkcs12") && t.has("password"))) {
            t.problems().add(t.mark(), t.path(), "pkcs12 and password go together", "");
        }
        return x;
    }

    // --- typed readers over an optional section: each reports its own problem and falls back to the default ---

    private static Optional<String> text(Optional<Fields> section, String key) {
        return section.flatMap(f -> f.text(key)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static boolean bool(Optional<Fields> section, String key, boolean dflt) {
        return section.flatMap(f -> f.bool(key)).orElse(dflt);
    }

    private static int integer(Optional<Fields> section, String key, int min, int max, int dflt) {
        return section.flatMap(f -> f.integer(key, min, max)).orElse(dflt);
    }

    private static Duration duration(Optional<Fields> section, String key, Duration min, Duration dflt) {
        return section.flatMap(f -> f.duration(key).filter(v -> {
            if (v.compareTo(min) >= 0) {
                return true;
            }
            f.error(key, Durations.format(v) + " is shorter than the minimum " + Durations.format(min), "");
            return false;
        })).orElse(dflt);
    }

    private static Optional<URI> httpUri(Fields f, String key, String text) {
        try {
            URI u = new URI(text);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                f.error(key, "'" + text + "' is not an http:// or https:// URL", "");
                return Optional.empty();
            }
            if (u.getUserInfo() != null) {
                f.error(key, "the URL must not carry credentials", "use alarms.webhook.token");
                return Optional.empty();
            }
            return Optional.of(u);
        } catch (URISyntaxException e) {
            f.error(key, "'" + text + "' is not a URL", e.getReason());
            return Optional.empty();
        }
    }
}
