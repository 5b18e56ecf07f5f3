package org.qkdmacsec.controller.daemon;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.qkdmacsec.controller.engine.EngineConfig;
import org.qkdmacsec.controller.inventory.SecretRef;

/**
 * Everything {@code qkd-macsec run} is configured with besides the inventory (docs/daemon.md lists
 * every key, its default and why). Read by {@link DaemonConfigLoader}; command-line options override
 * single values.
 *
 * @param inventory       the inventory file, unless {@code --inventory} names one
 * @param engine          the rollover engine's tunables (confirm window, lead margin, verification)
 * @param engineWorkers   threads that run transaction steps
 * @param shutdownTimeout how long SIGTERM waits for transactions in flight to reach COMMITTED or ABORTED
 */
public record DaemonConfig(Optional<Path> inventory, Journal journal, Cluster cluster, Scheduler scheduler,
                           EngineConfig engine, int engineWorkers, Resilience resilience, Alarms alarms, Reload reload,
                           Duration shutdownTimeout, Api api) {
    public DaemonConfig {
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(resilience, "resilience");
        Objects.requireNonNull(alarms, "alarms");
        Objects.requireNonNull(reload, "reload");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(api, "api");
    }

    /** The defaults: embedded journal, one instance, API on 127.0.0.1:9464 without a token. */
    public static DaemonConfig defaults() {
        return new DaemonConfig(Optional.empty(), Journal.DEFAULT, Cluster.DEFAULT, Scheduler.DEFAULT, EngineConfig.defaults(), 8,
                Resilience.DEFAULT, Alarms.DEFAULT, Reload.DEFAULT, Duration.ofSeconds(60), Api.DEFAULT);
    }

    /**
     * Where the journal (and Quartz's job store) lives.
     *
     * @param dataDir  directory of the embedded H2 journal when no URL is given
     * @param url      JDBC URL (PostgreSQL for HA)
     * @param password reference ({@code env:} / {@code file:}), never the password
     * @param poolSize connections shared by the journal and Quartz
     */
    public record Journal(Optional<Path> dataDir, Optional<String> url, Optional<String> user, Optional<SecretRef> password,
                          int poolSize) {
        static final Journal DEFAULT = new Journal(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 12);
    }

    /**
     * Several instances sharing one PostgreSQL journal through Quartz's clustered job store.
     *
     * @param name            Quartz scheduler name, the same for every member of one cluster
     * @param checkinInterval how often each member checks in; a member silent for this plus 7.5 s is dead
     */
    public record Cluster(boolean enabled, String name, Duration checkinInterval) {
        static final Cluster DEFAULT = new Cluster(false, "qkd-macsec", Duration.ofSeconds(5));
    }

    /**
     * @param threads          Quartz worker threads (a job only submits; transactions run on the engine's workers)
     * @param misfireThreshold a trigger later than this counts as misfired and runs once, now
     * @param beginTimeout     how long a job waits for the engine to journal the transaction it submitted
     *                         (zero: it does not wait; the outcome is handled all the same)
     */
    public record Scheduler(int threads, Duration misfireThreshold, Duration beginTimeout) {
        static final Scheduler DEFAULT = new Scheduler(4, Duration.ofSeconds(60), Duration.ofSeconds(30));
    }

    /**
     * Hold-down after repeated KME failures.
     *
     * @param kmeFailures consecutive KME failures of one link that start a hold-down
     * @param holdDown    first hold-down; each further failure doubles it
     * @param holdDownMax the longest hold-down
     */
    public record Resilience(int kmeFailures, Duration holdDown, Duration holdDownMax) {
        static final Resilience DEFAULT = new Resilience(3, Duration.ofMinutes(1), Duration.ofHours(1));
    }

    /**
     * @param keyAgeIntervals alarm when a link's newest started key is older than this many of its intervals
     * @param checkInterval   how often key age and blocked gates are checked
     * @param webhook         where alarms are also POSTed
     */
    public record Alarms(int keyAgeIntervals, Duration checkInterval, Optional<Webhook> webhook) {
        static final Alarms DEFAULT = new Alarms(3, Duration.ofSeconds(30), Optional.empty());
    }

    /** An HTTP(S) endpoint that receives each alarm as JSON, with an optional bearer token (a reference). */
    public record Webhook(URI url, Optional<SecretRef> token, Duration timeout) { }

    /** @param watch reload when the inventory file changes (SIGHUP always reloads) */
    public record Reload(boolean watch, Duration pollInterval) {
        static final Reload DEFAULT = new Reload(true, Duration.ofSeconds(2));
    }

    /**
     * The HTTP API. A token is required when {@code bind} is not a loopback address.
     *
     * @param port 0 picks a free port (tests)
     */
    public record Api(boolean enabled, String bind, int port, Optional<SecretRef> token) {
        static final Api DEFAULT = new Api(true, "127.0.0.1", 9464, Optional.empty());
    }

    public DaemonConfig withInventory(Path file) {
        return new DaemonConfig(Optional.of(file), journal, cluster, scheduler, engine, engineWorkers, resilience, alarms, reload,
                shutdownTimeout, api);
    }

    public DaemonConfig withJournal(Journal j) {
        return new DaemonConfig(inventory, j, cluster, scheduler, engine, engineWorkers, resilience, alarms, reload, shutdownTimeout, api);
    }

    public DaemonConfig withCluster(Cluster c) {
        return new DaemonConfig(inventory, journal, c, scheduler, engine, engineWorkers, resilience, alarms, reload, shutdownTimeout, api);
    }

    public DaemonConfig withApi(Api a) {
        return new DaemonConfig(inventory, journal, cluster, scheduler, engine, engineWorkers, resilience, alarms, reload, shutdownTimeout, a);
    }
}
