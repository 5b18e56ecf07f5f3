package org.qkdmacsec.controller.daemon;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.qkdmacsec.controller.api.ApiServer;
import org.qkdmacsec.controller.engine.ThreadPoolScheduler;
import org.qkdmacsec.controller.inventory.Durations;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.InventoryError;
import org.qkdmacsec.controller.inventory.InventoryException;
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
 * {@code qkd-macsec run}: the rollover engine driven by Quartz, one job per link, on the journal's
 * database; recovery of what dead instances left unfinished; alarms; inventory reload; the HTTP API;
 * and a graceful stop that lets transactions in flight reach COMMITTED or ABORTED. docs/daemon.md.
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
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ScheduledExecutorService housekeeping;
    private final InventoryWatch watch;
    private Scheduler quartz;
    private LinkSchedules schedules;
    private Optional<ClusterPeers> peers = Optional.empty();
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
        this.watch = new InventoryWatch(inventoryFile);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "daemon-housekeeping");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts a daemon as this process ({@link OwnerId#current()}) on the system clock. */
    public static Daemon start(DaemonConfig config, Path inventoryFile) {
        return start(config, inventoryFile, Clock.systemUTC(), OwnerId.current());
    }

    /**
     * Starts a daemon.
     *
     * @param owner this instance's name in the journal and in Quartz's cluster (unique among live members)
     * @throws InventoryException     the inventory is invalid (every error listed)
     * @throws DaemonConfigException  the configuration cannot work (API exposed without a token, cluster on H2, …)
     * @throws IllegalStateException  the journal, the scheduler or the API could not be started
     */
    public static Daemon start(DaemonConfig config, Path inventoryFile, Clock clock, String owner) {
        Inventory inventory = InventoryLoader.load(inventoryFile);
        Optional<Secret> apiToken = apiToken(config);
        if (config.cluster().enabled() && config.journal().url().isEmpty()) {
            throw new DaemonConfigException(List.of("cluster.enabled needs journal.url: the members share one PostgreSQL database"));
        }
        JournalDatabase db = openJournal(config.journal());
        String vendor;
        try {
            vendor = QuartzFactory.vendor(db.dataSource());
            if (config.cluster().enabled() && !vendor.equals("postgresql")) {
                throw new DaemonConfigException(List.of("cluster.enabled needs a PostgreSQL journal, not " + vendor));
            }
            QuartzFactory.migrate(db.dataSource(), vendor);
        } catch (RuntimeException e) {
            db.close();
            apiToken.ifPresent(Secret::close);
            throw e;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ControllerRuntime runtime = new ControllerRuntime(inventory, db, new ThreadPoolScheduler(clock, config.engineWorkers()),
                config.engine(), registry, false, owner);
        Daemon d = new Daemon(config, inventoryFile, clock, owner, runtime, registry);
        try {
            d.begin(vendor, apiToken);
            return d;
        } catch (SchedulerException | IOException e) {
            d.closeAll();
            throw new IllegalStateException("cannot start: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            d.closeAll();
            throw e;
        } finally {
            apiToken.ifPresent(Secret::close);
        }
    }

    private void begin(String vendor, Optional<Secret> apiToken) throws SchedulerException, IOException {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        Gauge.builder("qkd_macsec_links", runtime, r -> r.inventory().links().size()).description("Links in the inventory in force")
                .register(registry);
        Gauge.builder("qkd_macsec_ready", this, x -> x.ready ? 1 : 0).description("1 when the daemon schedules rollovers")
                .register(registry);
        runtime.events().onStep(begins);
        webhook.ifPresent(runtime.events()::onAlarm);

        quartz = QuartzFactory.create(runtime.database().dataSource(), vendor, config, owner);
        schedules = new LinkSchedules(quartz, clock, ThreadLocalRandom.current());
        quartz.getContext().put(LinkJob.RUNNER, runner);
        quartz.getContext().put(LinkJob.SCHEDULES, schedules);
        runner.scheduleControl(schedules);
        if (config.cluster().enabled()) {
            peers = Optional.of(new ClusterPeers(runtime.database().dataSource(), config.cluster().name(), owner));
            peers.get().refresh();
        }
        LinkSchedules.Sync sync = schedules.sync(runtime.inventory());
        LOG.info("event=schedule_sync added={} removed={} rescheduled={}", sync.added(), sync.removed(), sync.rescheduled());
        recoverDead();
        quartz.start();
        peers.ifPresent(self -> runtime.engine().fenceWith(txnId -> self.leaseValid(clock.instant(),
                config.cluster().checkinInterval())));

        Duration recoveryEvery = config.cluster().checkinInterval();
        every(recoveryEvery, this::recoverDead);
        every(config.alarms().checkInterval(), () -> conditions.check(clock.instant()));
        if (config.reload().watch()) {
            every(config.reload().pollInterval(), () -> {
                if (watch.changed()) {
                    reload();
                }
            });
        }
        if (config.api().enabled()) {
            api = Optional.of(ApiServer.start(config.api().bind(), config.api().port(), apiToken,
                    new DaemonApi(this), clock));
        }
        ready = true;
        LOG.info("event=started owner={} links={} journal=\"{}\" cluster={} api={}", owner, runtime.inventory().links().size(),
                runtime.database().description(), config.cluster().enabled() ? config.cluster().name() : "off",
                api.map(a -> a.address().getHostString() + ":" + a.address().getPort()).orElse("off"));
    }

    private void every(Duration period, Runnable task) {
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                if (!stopping.get()) {
                    task.run();
                }
            } catch (RuntimeException e) {
                // A periodic task must survive a bad round (journal briefly unreachable, …).
                LOG.error("event=housekeeping error=\"{}\"", e.toString());
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    // --- recovery ---------------------------------------------------------------------------------------

    /**
     * Reconciles unfinished transactions whose owner is dead: a cluster member once Quartz's cluster
     * manager has declared it so, any other owner (a CLI process, this daemon's previous life) when it
     * was a process on this host that no longer exists.
     */
    void recoverDead() {
        peers.ifPresent(ClusterPeers::refresh);
        runtime.recover(this::deadOwner).forEach(f -> f.thenAccept(r -> LOG.info(
                "event=recovered link={} txn={} state={} reason={}", r.linkId(), r.txnId().orElse("-"), r.state(),
                r.reason().map(Enum::name).orElse("-"))));
    }

    boolean deadOwner(TxnRecord t) {
        if (t.owner().equals(owner)) {
            return false;
        }
        if (peers.isPresent() && peers.get().isMember(t.owner())) {
            return peers.get().departed(t.owner());
        }
        return OwnerId.isDeadLocalProcess(t.owner());
    }

    // --- reload ---------------------------------------------------------------------------------------------

    /**
     * Asks for a {@link #reload()} on the daemon's own thread (what SIGHUP does): a signal handler's
     * thread has no application class loader, and a reload must not race the file watcher.
     */
    public void requestReload() {
        try {
            housekeeping.execute(() -> {
                try {
                    reload();
                } catch (RuntimeException e) {
                    LOG.error("event=reload result=failed error=\"{}\"", e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.info("event=reload result=ignored why=\"shutting down\"");
        }
    }

    /**
     * Reads the inventory file again and puts it in force: new links get a schedule, removed links lose
     * theirs, links whose schedule changed are re-anchored, every other link is left alone. An invalid
     * inventory is refused with its errors and the one in force stays.
     */
    public synchronized ReloadResult reload() {
        watch.seen();
        Inventory next;
        try {
            next = InventoryLoader.load(inventoryFile);
        } catch (InventoryException e) {
            List<String> errors = e.errors().stream().map(InventoryError::toString).toList();
            errors.forEach(x -> LOG.error("event=reload result=refused error=\"{}\"", x));
            alarms.raise("-", Alarms.INVENTORY_REFUSED, inventoryFile + " has " + errors.size() + " error(s); the inventory in force"
                    + " stays: " + errors.get(0));
            reloadCount("refused");
            return new ReloadResult(false, errors, List.of(), List.of(), List.of());
        }
        Inventory previous = runtime.inventory();
        LinkSchedules.Sync sync;
        try {
            sync = schedules.sync(next);
        } catch (SchedulerException e) {
            // The inventory in force stays; the next change or SIGHUP tries again.
            LOG.error("event=reload result=failed error=\"{}\"", e.toString());
            reloadCount("failed");
            return new ReloadResult(false, List.of("scheduler: " + e.getMessage()), List.of(), List.of(), List.of());
        }
        runtime.reload(next);
        sync.removed().forEach(alarms::forget);
        List<String> changed = next.links().stream().filter(l -> previous.links().stream().anyMatch(p -> p.id().equals(l.id()) && !p.equals(l)))
                .map(Link::id).toList();
        LOG.info("event=reload result=applied added={} removed={} rescheduled={} changed={}", sync.added(), sync.removed(),
                sync.rescheduled(), changed);
        reloadCount("applied");
        return new ReloadResult(true, List.of(), sync.added(), sync.removed(), sync.rescheduled());
    }

    private void reloadCount(String result) {
        Counter.builder("qkd_macsec_inventory_reloads_total").description("Inventory reloads").tag("result", result).register(registry)
                .increment();
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
        housekeeping.shutdownNow();
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
        housekeeping.shutdownNow();
        api.ifPresent(ApiServer::close);
        if (quartz != null) {
            try {
                quartz.shutdown(true);
            } catch (SchedulerException e) {
                LOG.warn("event=shutdown scheduler_error=\"{}\"", e.toString());
            }
        }
        webhook.ifPresent(Webhook::close);
        gcMetrics.close();
        runtime.close();
    }

    @Override
    public void close() {
        stop();
    }

    // --- for the API, the CLI and tests ---------------------------------------------------------------------

    public Optional<InetSocketAddress> apiAddress() {
        return api.map(ApiServer::address);
    }

    public boolean isReady() {
        return ready;
    }

    boolean isStopping() {
        return stopping.get();
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

    DaemonConfig config() {
        return config;
    }

    Clock clock() {
        return clock;
    }

    LinkRunner runner() {
        return runner;
    }

    LinkSchedules schedules() {
        return schedules;
    }

    Alarms alarms() {
        return alarms;
    }

    Scheduler quartz() {
        return quartz;
    }

    private static JournalDatabase openJournal(DaemonConfig.Journal j) {
        if (j.url().isEmpty()) {
            return JournalDatabase.embedded(JournalDatabase.defaultDataDir(j.dataDir(), System.getenv()), j.poolSize());
        }
        Optional<Secret> password;
        try {
            password = j.password().map(r -> r.resolve());
        } catch (SecretUnavailableException e) {
            throw new DaemonConfigException(List.of("journal.password: " + e.getMessage()));
        }
        try {
            return JournalDatabase.open(j.url().get(), j.user(), password, j.poolSize());
        } finally {
            password.ifPresent(Secret::close);
        }
    }

    private static Optional<Secret> apiToken(DaemonConfig config) {
        DaemonConfig.Api a = config.api();
        if (!a.enabled()) {
            return Optional.empty();
        }
        boolean loopback;
        try {
            loopback = InetAddress.getByName(a.bind()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new DaemonConfigException(List.of("api.bind: cannot resolve '" + a.bind() + "'"));
        }
        if (!loopback && a.token().isEmpty()) {
            throw new DaemonConfigException(List.of("api.bind " + a.bind() + " is not a loopback address: set api.token"
                    + " (env:NAME or file:PATH); the API is never exposed without authentication"));
        }
        try {
            return a.token().map(r -> r.resolve());
        } catch (SecretUnavailableException e) {
            throw new DaemonConfigException(List.of("api.token: " + e.getMessage()));
        }
    }
}
