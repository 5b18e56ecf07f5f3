package org.qkdmacsec.controller.daemon;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.qkdmacsec.controller.api.ApiServer;
import org.qkdmacsec.controller.engine.ThreadPoolScheduler;
import org.qkdmacsec.config.Durations;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.controller.inventory.InventoryLoader;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.inventory.SecretUnavailableException;
import org.qkdmacsec.controller.journal.JournalDatabase;
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.controller.journal.TxnState;
import org.qkdmacsec.controller.runtime.ControllerRuntime;
import org.qkdmacsec.controller.runtime.OwnerId;
import org.qkdmacsec.spi.Secret;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code qkd-macsec run}: wires the rollover engine to Quartz (one job per link, on the journal's
 * database), recovery ({@link Recovery}), alarms, inventory reload ({@link Reloader}), the monitors
 * ({@link LinkObserver}, {@link KmeStockPoller}, {@link LinkMetrics}) and the HTTP API ({@link DaemonApi}), and
 * stops gracefully, letting transactions in flight reach COMMITTED or ABORTED. docs/daemon.md.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("qkd_macsec.daemon");

    /** What a reload did: applied (links added, removed, rescheduled) or refused with the inventory's errors. */
    public record ReloadResult(boolean applied, List<String> errors, List<String> added, List<String> removed,
                               List<String> rescheduled) { }

    private final DaemonConfig config;
    private final Path inventoryFile;
    private final Clock clock;
    private final String owner;
    private final PrometheusMeterRegistry registry;
    private final ControllerRuntime runtime;
    private final Alarms alarms;
    private final BeginWatch begins = new BeginWatch();
    private final LinkRunner runner;
    private final ConditionAlarms conditions;
    private final Optional<Webhook> webhook;
    private final LinkObserver observer;
    private final LinkMetrics linkMetrics;
    private final KmeStockPoller kmeStock;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Housekeeping housekeeping;
    private DaemonMetrics metrics;
    private Scheduler quartz;
    private LinkSchedules schedules;
    private Recovery recovery;
    private Reloader reloader;
    private Optional<ApiServer> api = Optional.empty();
    private volatile boolean ready;

    private Daemon(DaemonConfig config, Path inventoryFile, Clock clock, String owner, ControllerRuntime runtime,
                   PrometheusMeterRegistry registry) {
        this.config = config;
        this.inventoryFile = inventoryFile;
        this.clock = clock;
        this.owner = owner;
        this.runtime = runtime;
        this.registry = registry;
        this.alarms = new Alarms(runtime.events(), runtime.journal());
        this.runner = new LinkRunner(runtime, config, begins, alarms, clock, registry, stopping::get);
        this.conditions = new ConditionAlarms(runtime, config.alarms(), alarms);
        this.webhook = config.alarms().webhook().map(w -> new Webhook(w, owner, registry));
        this.housekeeping = new Housekeeping("daemon-housekeeping", stopping::get);
        DaemonConfig.Monitor m = config.monitor();
        this.observer = new LinkObserver(runtime::inventory, runtime.engine()::observe, clock, m.observeInterval(), m.observeConcurrency());
        this.linkMetrics = new LinkMetrics(registry, runtime.journal(), observer, clock);
        this.kmeStock = new KmeStockPoller(runtime::inventory, registry, clock, m.kmeInterval());
    }

    /** Starts a daemon as this process ({@link OwnerId#current()}) on the system clock. */
    public static Daemon start(DaemonConfig config, Path inventoryFile) {
        return start(config, inventoryFile, Clock.systemUTC(), OwnerId.current());
    }

    /**
     * Starts a daemon.
     *
     * @param owner this instance's name in the journal and in Quartz's cluster (unique among live members)
     * @throws ConfigException       the inventory is invalid (every error listed), or the configuration cannot
     *                                work (API off loopback without HTTPS, cluster on H2, …)
     * @throws IllegalStateException  the journal, the scheduler or the API could not be started
     */
    public static Daemon start(DaemonConfig config, Path inventoryFile, Clock clock, String owner) {
        Inventory inventory = InventoryLoader.load(inventoryFile);
        if (config.cluster().enabled() && config.journal().url().isEmpty()) {
            throw ConfigException.of("cluster.enabled", "needs journal.url", "the members share one PostgreSQL database");
        }
        Optional<ApiSetup.Prepared> apiSetup = ApiSetup.prepare(config);
        try {
            JournalDatabase db = openJournal(config.journal());
            String vendor;
            try {
                vendor = QuartzFactory.vendor(db.dataSource());
                if (config.cluster().enabled() && !vendor.equals("postgresql")) {
                    throw ConfigException.of("cluster.enabled", "needs a PostgreSQL journal, not " + vendor, "set journal.url to a jdbc:postgresql: URL");
                }
                QuartzFactory.migrate(db.dataSource(), vendor);
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ControllerRuntime runtime = ControllerRuntime.builder(inventory, db).scheduler(new ThreadPoolScheduler(clock, config.engineWorkers()))
                    .config(config.engine()).meters(registry).owner(owner).build();
            Daemon d = new Daemon(config, inventoryFile, clock, owner, runtime, registry);
            try {
                d.begin(vendor, apiSetup);
                return d;
            } catch (SchedulerException | IOException e) {
                d.closeAll();
                throw new IllegalStateException("cannot start: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                d.closeAll();
                throw e;
            }
        } finally {
            apiSetup.ifPresent(a -> a.token().close());
        }
    }

    private void begin(String vendor, Optional<ApiSetup.Prepared> apiSetup) throws SchedulerException, IOException {
        metrics = new DaemonMetrics(registry, () -> runtime.inventory().links().size(), () -> ready);
        linkMetrics.track(runtime.inventory());
        runner.onFinished(linkMetrics::finished);
        runtime.events().onStep(begins);
        webhook.ifPresent(runtime.events()::onAlarm);

        quartz = QuartzFactory.create(runtime.database().dataSource(), vendor, config, owner);
        schedules = new LinkSchedules(quartz, clock, ThreadLocalRandom.current());
        quartz.getContext().put(LinkJob.RUNNER, runner);
        quartz.getContext().put(LinkJob.SCHEDULES, schedules);
        runner.scheduleControl(schedules);
        Optional<ClusterPeers> peers = Optional.empty();
        if (config.cluster().enabled()) {
            peers = Optional.of(new ClusterPeers(runtime.database().dataSource(), config.cluster().name(), owner));
            peers.get().refresh();
        }
        recovery = new Recovery(runtime, owner, peers, linkMetrics::finished);
        reloader = new Reloader(inventoryFile, runtime, schedules, alarms, registry, this::follow);
        LinkSchedules.Sync sync = schedules.sync(runtime.inventory());
        LOG.info("event=schedule_sync added={} removed={} rescheduled={}", sync.added(), sync.removed(), sync.rescheduled());
        recovery.recoverDead();
        quartz.start();
        peers.ifPresent(self -> runtime.engine().fenceWith(txnId -> self.leaseValid(clock.instant(),
                config.cluster().checkinInterval())));

        housekeeping.every(config.cluster().checkinInterval(), recovery::recoverDead);
        housekeeping.every(config.alarms().checkInterval(), () -> conditions.check(clock.instant()));
        if (config.reload().watch()) {
            housekeeping.every(config.reload().pollInterval(), reloader::reloadIfChanged);
        }
        observer.start();
        kmeStock.start();
        if (apiSetup.isPresent()) {
            LinkReports reports = new LinkReports(runtime::inventory, runtime.journal(), schedules, alarms, config.resilience(), observer, clock);
            ReadinessProbe probe = new ReadinessProbe(quartz, runtime.database().dataSource(), () -> ready, stopping::get);
            api = Optional.of(ApiServer.start(apiSetup.get().options(registry),
                    new DaemonApi(reports, runtime.journal(), alarms, runner, kmeStock, probe, registry::scrape), clock));
        }
        ready = true;
        LOG.info("event=started owner={} links={} journal=\"{}\" cluster={} api={}", owner, runtime.inventory().links().size(),
                runtime.database().description(), config.cluster().enabled() ? config.cluster().name() : "off",
                api.map(a -> a.scheme() + "://" + a.address().getHostString() + ":" + a.address().getPort() + "/").orElse("off"));
    }

    /** The monitors follow the inventory in force. */
    private void follow(Inventory next) {
        linkMetrics.track(next);
        kmeStock.track(next);
        observer.retain(next.links().stream().map(Link::id).collect(Collectors.toSet()));
    }

    /** Reconciles unfinished transactions whose owner is dead (see {@link Recovery}). */
    void recoverDead() {
        recovery.recoverDead();
    }

    /**
     * Asks for a {@link #reload()} on the daemon's own thread (what SIGHUP does): a signal handler's
     * thread has no application class loader, and a reload must not race the file watcher.
     */
    public void requestReload() {
        boolean queued = housekeeping.once(() -> {
            try {
                reload();
            } catch (RuntimeException e) {
                LOG.error("event=reload result=failed error=\"{}\"", e.toString());
            }
        });
        if (!queued) {
            LOG.info("event=reload result=ignored why=\"shutting down\"");
        }
    }

    /** Reads the inventory file again and puts it in force (see {@link Reloader}). */
    public ReloadResult reload() {
        return reloader.reload();
    }

    // --- stop ---------------------------------------------------------------------------------------------

    /**
     * Graceful stop: no new run is scheduled or accepted; transactions in flight in this instance are
     * given {@code shutdown.timeout} to reach COMMITTED (both ends confirmed; the keys activate on
     * their own and the next run or another instance verifies and retires them) or to end; then
     * everything closes. A transaction still short of that when time runs out is left to recovery: its
     * unconfirmed commits roll back on the devices by themselves before its start-time.
     */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            awaitStopped();
            return;
        }
        ready = false;
        LOG.info("event=shutdown phase=begin timeout={}", Durations.format(config.shutdownTimeout()));
        try {
            quartz.standby();
        } catch (SchedulerException | RuntimeException e) {
            LOG.warn("event=shutdown scheduler_standby_error=\"{}\"", e.toString());
        }
        housekeeping.close();
        Map<String, TxnState> left = drain(config.shutdownTimeout());
        LOG.info("event=shutdown phase={} unsettled={}", left.isEmpty() ? "drained" : "timeout", left);
        closeAll();
        LOG.info("event=shutdown phase=done");
        stopped.countDown();
    }

    /** Waits until no transaction this instance runs is short of COMMITTED; returns those that still are. */
    private Map<String, TxnState> drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, TxnState> unsettled = unsettled();
            if (unsettled.isEmpty() || System.nanoTime() - deadline >= 0) {
                return unsettled;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return unsettled;
            }
        }
    }

    /** Links this engine is working on whose transaction has not reached COMMITTED (and has not ended). */
    Map<String, TxnState> unsettled() {
        var busy = runtime.engine().busyLinks();
        return runtime.journal().unfinished().stream().filter(t -> busy.contains(t.linkId()))
                .filter(t -> t.state().ordinal() < TxnState.COMMITTED.ordinal())
                .collect(Collectors.toMap(TxnRecord::linkId, TxnRecord::state, (x, y) -> x));
    }

    /** Blocks until {@link #stop()} has finished. */
    public void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeAll() {
        housekeeping.close();
        observer.close();
        kmeStock.close();
        api.ifPresent(ApiServer::close);
        if (quartz != null) {
            try {
                quartz.shutdown(true);
            } catch (SchedulerException e) {
                LOG.warn("event=shutdown scheduler_error=\"{}\"", e.toString());
            }
        }
        webhook.ifPresent(Webhook::close);
        if (metrics != null) {
            metrics.close();
        }
        runtime.close();
    }

    @Override
    public void close() {
        stop();
    }

    // --- for the CLI and tests ------------------------------------------------------------------------------

    public Optional<InetSocketAddress> apiAddress() {
        return api.map(ApiServer::address);
    }

    public boolean isReady() {
        return ready;
    }

    public ControllerRuntime runtime() {
        return runtime;
    }

    public String owner() {
        return owner;
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    Scheduler quartz() {
        return quartz;
    }

    LinkObserver observer() {
        return observer;
    }

    private static JournalDatabase openJournal(DaemonConfig.Journal j) {
        if (j.url().isEmpty()) {
            return JournalDatabase.embedded(JournalDatabase.defaultDataDir(j.dataDir(), System.getenv()), j.poolSize());
        }
        Optional<Secret> password;
        try {
            password = j.password().map(r -> r.resolve());
        } catch (SecretUnavailableException e) {
            throw ConfigException.of("journal.password", e.getMessage(), "");
        }
        try {
            return JournalDatabase.open(j.url().get(), j.user(), password, j.poolSize());
        } finally {
            password.ifPresent(Secret::close);
        }
    }
}
