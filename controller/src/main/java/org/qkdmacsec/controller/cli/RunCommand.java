package org.qkdmacsec.controller.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.qkdmacsec.controller.daemon.Daemon;
import org.qkdmacsec.controller.daemon.DaemonConfig;
import org.qkdmacsec.controller.daemon.DaemonConfigLoader;
import org.qkdmacsec.config.ConfigError;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.controller.inventory.SecretRef;
import org.qkdmacsec.controller.journal.JournalException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code run}: the scheduled daemon. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {
            "Keep every link of the inventory keyed, on schedule, until stopped: one Quartz job per",
            "link (its schedule.interval with jitter) tops up the link's keyring and retires consumed",
            "keys; a link whose KME keeps failing is held down with backoff and keeps its keys; alarms",
            "go to the log, the metrics and an optional webhook. The HTTP API and the dashboard",
            "(http://127.0.0.1:9464/ by default) show every link (docs/api.md, docs/dashboard.md);",
            "changes through it need the token the daemon writes to api-token in its data directory.",
            "",
            "SIGHUP or a change of the inventory file reloads it (an invalid one is refused and the",
            "one in force stays). SIGTERM/SIGINT stop scheduling and let transactions in flight reach",
            "COMMITTED or ABORTED (shutdown.timeout), then exit. With a PostgreSQL journal and",
            "cluster.enabled, several instances share the links; each link runs on one of them.",
            "Configuration keys and file locations: docs/daemon.md.",
            ""},
        footer = {"", "Exit codes: 0 stopped, 1 could not start (journal, scheduler, API), 2 usage, configuration or inventory error."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Optional: overrides the configuration's inventory. */
    @ArgGroup(exclusive = false)
    InventoryOptions inventory;

    @Option(names = "--config", paramLabel = "FILE", description = "Daemon configuration YAML (docs/daemon.md); defaults apply without it.")
    Path configFile;

    @Option(names = "--cluster", description = "Share the links with other instances on the same PostgreSQL journal (cluster.enabled).")
    boolean cluster;

    @Option(names = "--api-bind", paramLabel = "ADDRESS", description = "Address the HTTP API listens on (default 127.0.0.1; any other needs api.tls in the configuration).")
    String apiBind;

    @Option(names = "--api-port", paramLabel = "PORT", description = "HTTP API port (default 9464; 0 picks a free one).")
    Integer apiPort;

    @Option(names = "--api-token", paramLabel = "REF", description = "Bearer token for the API as env:NAME or file:PATH (never the token itself);"
            + " default: the daemon's own, in api-token in its data directory.")
    String apiToken;

    @Option(names = "--no-api", description = "Do not start the HTTP API.")
    boolean noApi;

    @Mixin
    JournalOptions journal;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        DaemonConfig config;
        try {
            config = configure();
        } catch (ConfigException e) {
            return usage(err, e.lines());
        }
        if (config.inventory().isEmpty()) {
            return usage(err, List.of("no inventory: pass --inventory FILE or set inventory: in the configuration"));
        }
        Daemon daemon;
        try {
            daemon = Daemon.start(config, config.inventory().get());
        } catch (ConfigException e) {
            return usage(err, e.lines());
        } catch (JournalException | IllegalStateException e) {
            err.println("qkd-macsec run: " + e.getMessage());
            err.flush();
            return Main.FAILED;
        }
        // SIGTERM and SIGINT run the JVM's shutdown hooks: stop gracefully there. SIGHUP reloads.
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::stop, "shutdown"));
        if (!Hangup.onHangup(daemon::requestReload)) {
            err.println("qkd-macsec run: this Java runtime cannot handle SIGHUP; the inventory file is still watched for changes");
            err.flush();
        }
        daemon.awaitStopped();
        return Main.OK;
    }

    private DaemonConfig configure() {
        DaemonConfig c = configFile == null ? DaemonConfig.defaults() : DaemonConfigLoader.load(configFile);
        if (inventory != null) {
            c = c.withInventory(inventory.file());
        }
        DaemonConfig.Journal j = c.journal();
        if (journal.journalUrl != null || journal.dataDir != null) {
            Optional<SecretRef> password = Optional.empty();
            if (journal.journalPassword != null) {
                password = Optional.of(SecretRef.parse(journal.journalPassword).orElseThrow(() -> ConfigException.of(
                        "--journal-password", "takes env:NAME or file:PATH, not the password itself", "")));
            }
            j = new DaemonConfig.Journal(Optional.ofNullable(journal.dataDir).or(j::dataDir), Optional.ofNullable(journal.journalUrl).or(j::url),
                    Optional.ofNullable(journal.journalUser).or(j::user), password.or(j::password), j.poolSize());
            c = c.withJournal(j);
        }
        if (cluster) {
            c = c.withCluster(new DaemonConfig.Cluster(true, c.cluster().name(), c.cluster().checkinInterval()));
        }
        DaemonConfig.Api a = c.api();
        Optional<SecretRef> token = a.token();
        if (apiToken != null) {
            token = Optional.of(SecretRef.parse(apiToken).orElseThrow(() -> ConfigException.of(
                    "--api-token", "takes env:NAME or file:PATH, not the token itself", "")));
        }
        return c.withApi(a.with(a.enabled() && !noApi, apiBind != null ? apiBind : a.bind(), apiPort != null ? apiPort : a.port(), token));
    }

    private static int usage(PrintWriter err, List<String> problems) {
        problems.forEach(err::println);
        err.flush();
        return Main.USAGE;
    }
}
