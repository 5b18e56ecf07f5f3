package org.qkdmacsec.controller.daemon;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.qkdmacsec.controller.api.ReadAccess;
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
                           Duration shutdownTimeout, Api api, Monitor monitor) {
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
        Objects.requireNonNull(monitor, "monitor");
    }

    /** The defaults: embedded journal, one instance, API on 127.0.0.1:9464 with a token of its own for changes. */
    public static DaemonConfig defaults() {
        return new DaemonConfig(Optional.empty(), Journal.DEFAULT, Cluster.DEFAULT, Scheduler.DEFAULT, EngineConfig.defaults(), 8,
                Resilience.DEFAULT, Alarms.DEFAULT, Reload.DEFAULT, Duration.ofSeconds(60), Api.DEFAULT, Monitor.DEFAULT);
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
     * The HTTP API and dashboard (docs/api.md). Changes always need a bearer token: {@code token} (a
     * reference) or, without one, the token the daemon keeps in {@code tokenFile}.
     *
     * @param port           0 picks a free port (tests)
     * @param tokenFile      where the daemon's own token lives (default: {@code api-token} in the journal's data directory)
     * @param reads          whether reads need the token (default: open on a loopback address, token elsewhere)
     * @param allowedHosts   DNS names clients use to reach the API (Host header), besides IP literals and localhost
     * @param allowedOrigins further browser origins allowed to call it (a TLS proxy in front)
     * @param tls            HTTPS; required on a non-loopback address
     */
    public record Api(boolean enabled, String bind, int port, Optional<SecretRef> token, Optional<Path> tokenFile,
                      Optional<ReadAccess> reads, List<String> allowedHosts, List<String> allowedOrigins, Optional<Tls> tls) {
        static final Api DEFAULT = new Api(true, "127.0.0.1", 9464, Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                List.of(), Optional.empty());

        public Api {
            allowedHosts = List.copyOf(allowedHosts);
            allowedOrigins = List.copyOf(allowedOrigins);
        }

        /** The same with another address, port and token (command-line overrides). */
        public Api with(boolean on, String address, int listenPort, Optional<SecretRef> bearer) {
            return new Api(on, address, listenPort, bearer, tokenFile, reads, allowedHosts, allowedOrigins, tls);
        }
    }

    /**
     * The API's server certificate: PEM files ({@code cert} chain and unencrypted {@code key}) or a
     * PKCS#12 file with its {@code password} (a reference).
     */
    public record Tls(Optional<Path> cert, Optional<Path> key, Optional<Path> pkcs12, Optional<SecretRef> password) { }

    /**
     * What the daemon watches besides its own transactions (the dashboard, the per-link metrics).
     *
     * @param observeInterval    how often each link's ends are read (key chains, MKA); zero turns it off
     * @param observeConcurrency links read at once
     * @param kmeInterval        how often each KME's {@code /status} is asked per peer SAE; zero turns it off
     */
    public record Monitor(Duration observeInterval, int observeConcurrency, Duration kmeInterval) {
        static final Monitor DEFAULT = new Monitor(Duration.ofSeconds(30), 4, Duration.ofSeconds(60));
    }

    public DaemonConfig withInventory(Path file) {
        return new DaemonConfig(Optional.of(file), journal, cluster, scheduler, engine, engineWorkers, resilience, alarms, reload,
                shutdownTimeout, api, monitor);
    }

    public DaemonConfig withJournal(Journal j) {
        return new DaemonConfig(inventory, j, cluster, scheduler, engine, engineWorkers, resilience, alarms, reload, shutdownTimeout, api, monitor);
    }

    public DaemonConfig withCluster(Cluster c) {
        return new DaemonConfig(inventory, journal, c, scheduler, engine, engineWorkers, resilience, alarms, reload, shutdownTimeout, api, monitor);
    }

    public DaemonConfig withApi(Api a) {
        return new DaemonConfig(inventory, journal, cluster, scheduler, engine, engineWorkers, resilience, alarms, reload, shutdownTimeout, a, monitor);
    }

    public DaemonConfig withMonitor(Monitor m) {
        return new DaemonConfig(inventory, journal, cluster, scheduler, engine, engineWorkers, resilience, alarms, reload, shutdownTimeout, api, m);
    }
}
