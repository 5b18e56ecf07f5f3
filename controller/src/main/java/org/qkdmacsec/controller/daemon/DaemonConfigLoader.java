package org.qkdmacsec.controller.daemon;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.qkdmacsec.controller.api.ReadAccess;
import org.qkdmacsec.controller.engine.EngineConfig;
import org.qkdmacsec.controller.inventory.Durations;
import org.qkdmacsec.controller.inventory.SecretRef;

/**
 * Reads the daemon's YAML configuration strictly: an unknown key, a wrong type or an out-of-range value
 * is reported with its dotted path, all problems at once, and nothing is half-applied. Every key is
 * optional; see docs/daemon.md.
 */
public final class DaemonConfigLoader {
    private static final YAMLMapper YAML = new YAMLMapper();

    private final String source;
    private final List<String> problems = new ArrayList<>();

    private DaemonConfigLoader(String source) {
        this.source = source;
    }

    public static DaemonConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new DaemonConfigException(List.of(file + ": cannot read the daemon configuration: " + e.getMessage()));
        }
        return parse(file.toString(), text);
    }

    public static DaemonConfig parse(String source, String yaml) {
        JsonNode root;
        try {
            root = yaml.isBlank() ? MissingNode.getInstance() : YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new DaemonConfigException(List.of(source + ": not valid YAML: " + e.getOriginalMessage()));
        }
        DaemonConfigLoader l = new DaemonConfigLoader(source);
        DaemonConfig c = l.read(root == null ? MissingNode.getInstance() : root);
        if (!l.problems.isEmpty()) {
            throw new DaemonConfigException(l.problems);
        }
        return c;
    }

    private DaemonConfig read(JsonNode root) {
        DaemonConfig d = DaemonConfig.defaults();
        if (root.isMissingNode() || root.isNull()) {
            return d;
        }
        if (!root.isObject()) {
            problem("", "the configuration must be a mapping of keys");
            return d;
        }
        keys(root, "", Set.of("inventory", "journal", "cluster", "scheduler", "engine", "resilience", "alarms", "reload", "shutdown", "api",
                "monitor"));
        Optional<Path> inventory = text(root, "inventory").map(Path::of);
        JsonNode j = section(root, "journal", Set.of("data-dir", "url", "user", "password", "pool-size"));
        DaemonConfig.Journal journal = new DaemonConfig.Journal(text(j, "journal.data-dir").map(Path::of), text(j, "journal.url"),
                text(j, "journal.user"), secretRef(j, "journal.password"), integer(j, "journal.pool-size", 2, 200, d.journal().poolSize()));
        JsonNode c = section(root, "cluster", Set.of("enabled", "name", "checkin-interval"));
        DaemonConfig.Cluster cluster = new DaemonConfig.Cluster(bool(c, "cluster.enabled", d.cluster().enabled()),
                text(c, "cluster.name").orElse(d.cluster().name()),
                duration(c, "cluster.checkin-interval", Duration.ofSeconds(1), d.cluster().checkinInterval()));
        JsonNode s = section(root, "scheduler", Set.of("threads", "misfire-threshold", "begin-timeout"));
        DaemonConfig.Scheduler scheduler = new DaemonConfig.Scheduler(integer(s, "scheduler.threads", 1, 100, d.scheduler().threads()),
                duration(s, "scheduler.misfire-threshold", Duration.ofSeconds(1), d.scheduler().misfireThreshold()),
                duration(s, "scheduler.begin-timeout", Duration.ZERO, d.scheduler().beginTimeout()));
        JsonNode e = section(root, "engine", Set.of("skew-bound", "lead-margin", "confirm-window", "confirm-safety", "verify-settle",
                "verify-timeout", "poll-interval", "max-concurrent", "workers"));
        EngineConfig ed = d.engine();
        EngineConfig engine = new EngineConfig(duration(e, "engine.skew-bound", Duration.ZERO, ed.skewBound()),
                duration(e, "engine.lead-margin", Duration.ZERO, ed.leadMargin()),
                duration(e, "engine.confirm-window", Duration.ofSeconds(1), ed.confirmWindow()),
                duration(e, "engine.confirm-safety", Duration.ZERO, ed.confirmSafety()),
                duration(e, "engine.verify-settle", Duration.ZERO, ed.verifySettle()),
                duration(e, "engine.verify-timeout", Duration.ofSeconds(1), ed.verifyTimeout()),
                duration(e, "engine.poll-interval", Duration.ofMillis(100), ed.pollInterval()),
                integer(e, "engine.max-concurrent", 1, 100_000, ed.maxConcurrent()));
        int workers = integer(e, "engine.workers", 1, 1_000, d.engineWorkers());
        JsonNode r = section(root, "resilience", Set.of("kme-failures", "hold-down", "hold-down-max"));
        DaemonConfig.Resilience resilience = new DaemonConfig.Resilience(integer(r, "resilience.kme-failures", 1, 1_000, d.resilience().kmeFailures()),
                duration(r, "resilience.hold-down", Duration.ofSeconds(1), d.resilience().holdDown()),
                duration(r, "resilience.hold-down-max", Duration.ofSeconds(1), d.resilience().holdDownMax()));
        if (resilience.holdDownMax().compareTo(resilience.holdDown()) < 0) {
            problem("resilience.hold-down-max", "is shorter than resilience.hold-down");
        }
        JsonNode a = section(root, "alarms", Set.of("key-age-intervals", "check-interval", "webhook"));
        JsonNode w = section(a, "alarms.webhook", Set.of("url", "token", "timeout"));
        Optional<DaemonConfig.Webhook> webhook = Optional.empty();
        if (!w.isMissingNode()) {
            Optional<URI> url = text(w, "alarms.webhook.url").flatMap(u -> httpUri("alarms.webhook.url", u));
            if (url.isEmpty() && !w.has("url")) {
                problem("alarms.webhook.url", "is required when alarms.webhook is given");
            }
            Optional<SecretRef> token = secretRef(w, "alarms.webhook.token");
            Duration timeout = duration(w, "alarms.webhook.timeout", Duration.ofMillis(100), Duration.ofSeconds(5));
            webhook = url.map(u -> new DaemonConfig.Webhook(u, token, timeout));
        }
        DaemonConfig.Alarms alarms = new DaemonConfig.Alarms(integer(a, "alarms.key-age-intervals", 1, 10_000, d.alarms().keyAgeIntervals()),
                duration(a, "alarms.check-interval", Duration.ofSeconds(1), d.alarms().checkInterval()), webhook);
        JsonNode rl = section(root, "reload", Set.of("watch", "poll-interval"));
        DaemonConfig.Reload reload = new DaemonConfig.Reload(bool(rl, "reload.watch", d.reload().watch()),
                duration(rl, "reload.poll-interval", Duration.ofMillis(100), d.reload().pollInterval()));
        JsonNode sh = section(root, "shutdown", Set.of("timeout"));
        Duration shutdown = duration(sh, "shutdown.timeout", Duration.ZERO, d.shutdownTimeout());
        DaemonConfig.Api api = api(root, d.api());
        JsonNode m = section(root, "monitor", Set.of("observe-interval", "observe-concurrency", "kme-interval"));
        DaemonConfig.Monitor monitor = new DaemonConfig.Monitor(duration(m, "monitor.observe-interval", Duration.ZERO, d.monitor().observeInterval()),
                integer(m, "monitor.observe-concurrency", 1, 256, d.monitor().observeConcurrency()),
                duration(m, "monitor.kme-interval", Duration.ZERO, d.monitor().kmeInterval()));
        return new DaemonConfig(inventory, journal, cluster, scheduler, engine, workers, resilience, alarms, reload, shutdown, api, monitor);
    }

    private DaemonConfig.Api api(JsonNode root, DaemonConfig.Api d) {
        JsonNode ap = section(root, "api", Set.of("enabled", "bind", "port", "token", "token-file", "reads", "allowed-hosts", "allowed-origins",
                "tls"));
        Optional<ReadAccess> reads = text(ap, "api.reads").flatMap(r -> switch (r) {
            case "open" -> Optional.of(ReadAccess.OPEN);
            case "token" -> Optional.of(ReadAccess.TOKEN);
            default -> {
                problem("api.reads", "must be open or token, not '" + r + "'");
                yield Optional.empty();
            }
        });
        List<String> origins = strings(ap, "api.allowed-origins");
        for (String o : origins) {
            Optional<URI> u = httpUri("api.allowed-origins", o);
            if (u.isPresent() && (u.get().getRawPath() != null && !u.get().getRawPath().isEmpty() || u.get().getRawQuery() != null)) {
                problem("api.allowed-origins", "'" + o + "' is not an origin (scheme://host[:port], no path)");
            }
        }
        JsonNode t = section(ap, "api.tls", Set.of("cert", "key", "pkcs12", "password"));
        Optional<DaemonConfig.Tls> tls = Optional.empty();
        if (!t.isMissingNode()) {
            DaemonConfig.Tls x = new DaemonConfig.Tls(text(t, "api.tls.cert").map(Path::of), text(t, "api.tls.key").map(Path::of),
                    text(t, "api.tls.pkcs12").map(Path::of), secretRef(t, "api.tls.password"));
            boolean pem = x.cert().isPresent() || x.key().isPresent();
            boolean p12 = x.pkcs12().isPresent() || x.password().isPresent();
            if (pem == p12) {
                problem("api.tls", "give either cert and key (PEM) or pkcs12 and password");
            } else if (pem && (x.cert().isEmpty() || x.key().isEmpty())) {
                problem("api.tls", "cert and key go together");
            } else if (p12 && (x.pkcs12().isEmpty() || x.password().isEmpty())) {
                problem("api.tls", "pkcs12 and password go together");
            }
            tls = Optional.of(x);
        }
        return new DaemonConfig.Api(bool(ap, "api.enabled", d.enabled()), text(ap, "api.bind").orElse(d.bind()),
                integer(ap, "api.port", 0, 65_535, d.port()), secretRef(ap, "api.token"), text(ap, "api.token-file").map(Path::of), reads,
                strings(ap, "api.allowed-hosts"), origins, tls);
    }

    // --- typed readers: each reports its own problem and falls back to the default -------------------------

    private List<String> strings(JsonNode parent, String path) {
        String key = path.substring(path.lastIndexOf('.') + 1);
        JsonNode n = parent.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (!n.isArray()) {
            problem(path, "must be a list of strings");
            return out;
        }
        for (JsonNode e : n) {
            if (e.isTextual() && !e.asText().isBlank()) {
                out.add(e.asText().strip());
            } else {
                problem(path, "must be a list of strings");
            }
        }
        return out;
    }

    private JsonNode section(JsonNode parent, String path, Set<String> allowed) {
        String key = path.substring(path.lastIndexOf('.') + 1);
        JsonNode n = parent.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return MissingNode.getInstance();
        }
        if (!n.isObject()) {
            problem(path, "must be a mapping");
            return MissingNode.getInstance();
        }
        keys(n, path + ".", allowed);
        return n;
    }

    private void keys(JsonNode n, String prefix, Set<String> allowed) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                problem(prefix + k, "unknown key (known: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    private Optional<String> text(JsonNode parent, String path) {
        return value(parent, path, "a string", n -> n.isTextual() && !n.asText().isBlank() ? n.asText().strip() : null);
    }

    private boolean bool(JsonNode parent, String path, boolean dflt) {
        return value(parent, path, "true or false", n -> n.isBoolean() ? n.asBoolean() : null).orElse(dflt);
    }

    private int integer(JsonNode parent, String path, int min, int max, int dflt) {
        Optional<Integer> v = value(parent, path, "a whole number", n -> n.canConvertToInt() && n.isIntegralNumber() ? n.asInt() : null);
        if (v.isPresent() && (v.get() < min || v.get() > max)) {
            problem(path, v.get() + " is not within " + min + ".." + max);
            return dflt;
        }
        return v.orElse(dflt);
    }

    private Duration duration(JsonNode parent, String path, Duration min, Duration dflt) {
        Optional<Duration> v = value(parent, path, "a duration such as 30s, 5m, 1h or PT0.5S",
                n -> n.isTextual() ? Durations.parse(n.asText()).orElse(null) : null);
        if (v.isPresent() && v.get().compareTo(min) < 0) {
            problem(path, Durations.format(v.get()) + " is shorter than the minimum " + Durations.format(min));
            return dflt;
        }
        return v.orElse(dflt);
    }

    private Optional<SecretRef> secretRef(JsonNode parent, String path) {
        Optional<String> t = value(parent, path, "env:NAME or file:PATH", n -> n.isTextual() ? n.asText().strip() : null);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        Optional<SecretRef> ref = SecretRef.parse(t.get());
        if (ref.isEmpty()) {
            // Never echo the value: it may be the secret itself.
            problem(path, "must be a reference, env:NAME or file:PATH, never the secret itself");
        }
        return ref;
    }

    private Optional<URI> httpUri(String path, String text) {
        try {
            URI u = new URI(text);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                problem(path, "'" + text + "' is not an http:// or https:// URL");
                return Optional.empty();
            }
            if (u.getUserInfo() != null) {
                problem(path, "must not carry credentials; use alarms.webhook.token");
                return Optional.empty();
            }
            return Optional.of(u);
        } catch (URISyntaxException e) {
            problem(path, "'" + text + "' is not a URL: " + e.getReason());
            return Optional.empty();
        }
    }

    private <T> Optional<T> value(JsonNode parent, String path, String expected, Function<JsonNode, T> convert) {
        String key = path.substring(path.lastIndexOf('.') + 1);
        JsonNode n = parent.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return Optional.empty();
        }
        T v = convert.apply(n);
        if (v == null) {
            problem(path, "must be " + expected);
        }
        return Optional.ofNullable(v);
    }

    private void problem(String path, String message) {
        problems.add(source + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }
}
