package org.qkdmacsec.controller.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.qkdmacsec.controller.engine.KeySupply;
import org.qkdmacsec.controller.engine.EngineConfig;
import org.qkdmacsec.controller.engine.EngineEvents;
import org.qkdmacsec.controller.engine.DriverPool;
import org.qkdmacsec.controller.engine.EngineScheduler;
import org.qkdmacsec.controller.engine.RolloverEngine;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.controller.engine.ServiceLoaderDriverPool;
import org.qkdmacsec.controller.engine.ThreadPoolScheduler;
import org.qkdmacsec.controller.inventory.Device;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.journal.Journal;
import org.qkdmacsec.controller.journal.JournalDatabase;
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.spi.DriverContext;

/**
 * One controller: inventory, journal, device sessions, KME clients and the rollover engine, wired the
 * same way for every command (rollover, plan, demo, the daemon) and for the tests.
 */
public final class ControllerRuntime implements AutoCloseable {
    private volatile Inventory inventory;
    private final JournalDatabase database;
    private final Journal journal;
    private final ServiceLoaderDriverPool drivers;
    private final KmeKeySupply keys;
    private final EngineEvents events;
    private final EngineScheduler scheduler;
    private final RolloverEngine engine;

    private ControllerRuntime(Builder b) {
        this.inventory = b.inventory;
        this.database = b.database;
        this.scheduler = b.scheduler;
        this.journal = new Journal(database, scheduler.clock(), b.owner);
        boolean acceptNewHostKeys = b.acceptNewHostKeys;
        this.drivers = new ServiceLoaderDriverPool(name -> this.inventory.device(name)
                .orElseThrow(() -> new IllegalArgumentException("device " + name + " is not in the inventory"))
                .toTarget(acceptNewHostKeys), new DriverContext(scheduler.clock(), Duration.ofSeconds(15), Duration.ofSeconds(60)));
        this.keys = new KmeKeySupply(inventory, b.registry);
        this.events = new EngineEvents(b.registry, scheduler.clock());
        this.engine = new RolloverEngine(b.config, scheduler, journal, drivers, b.keySupplyWrapper.apply(keys), events);
    }

    /**
     * The one way to wire a controller (every command, the daemon, the harness and the tests). Defaults:
     * four engine threads on the system clock, {@link EngineConfig#defaults()}, a private meter registry,
     * no new SSH host keys accepted, this process as owner ({@link OwnerId#current()}).
     *
     * @param database opened journal database (owned by the runtime from {@link Builder#build()} on)
     */
    public static Builder builder(Inventory inventory, JournalDatabase database) {
        return new Builder(inventory, database);
    }

    /** Settings of one runtime; see {@link #builder}. */
    public static final class Builder {
        private final Inventory inventory;
        private final JournalDatabase database;
        private EngineScheduler scheduler;
        private EngineConfig config = EngineConfig.defaults();
        private MeterRegistry registry;
        private boolean acceptNewHostKeys;
        private String owner;
        private UnaryOperator<KeySupply> keySupplyWrapper = UnaryOperator.identity();

        private Builder(Inventory inventory, JournalDatabase database) {
            this.inventory = Objects.requireNonNull(inventory, "inventory");
            this.database = Objects.requireNonNull(database, "database");
        }

        /** Where transactions run and what time it is (simulated time in the lab). */
        public Builder scheduler(EngineScheduler s) {
            this.scheduler = s;
            return this;
        }

        public Builder config(EngineConfig c) {
            this.config = c;
            return this;
        }

        /** Where the engine's and the KME clients' meters go (the daemon's Prometheus registry). */
        public Builder meters(MeterRegistry r) {
            this.registry = r;
            return this;
        }

        /** The operator's explicit permission to record unknown SSH host keys. */
        public Builder acceptNewHostKeys(boolean accept) {
            this.acceptNewHostKeys = accept;
            return this;
        }

        /** This process in the journal. */
        public Builder owner(String o) {
            this.owner = o;
            return this;
        }

        /** Wraps the KME key supply (tests observe the keys the engine receives, to prove they never reach a log or the journal). */
        public Builder keySupply(UnaryOperator<KeySupply> wrapper) {
            this.keySupplyWrapper = wrapper;
            return this;
        }

        public ControllerRuntime build() {
            if (scheduler == null) {
                scheduler = new ThreadPoolScheduler(Clock.systemUTC(), 4);
            }
            if (registry == null) {
                registry = new SimpleMeterRegistry();
            }
            if (owner == null) {
                owner = OwnerId.current();
            }
            return new ControllerRuntime(this);
        }
    }

    /**
     * Reconciles the unfinished transactions {@code mine} accepts (see {@link RolloverEngine#recover}).
     * Commands pass {@code t -> OwnerId.isDeadLocalProcess(t.owner())}: only what a dead process left.
     */
    public List<CompletableFuture<RolloverResult>> recover(Predicate<TxnRecord> mine) {
        return engine.recover(mine, id -> LinkSpecs.byId(inventory, id));
    }

    public Inventory inventory() {
        return inventory;
    }

    /**
     * Puts a new inventory in force (the daemon's reload): sessions to devices whose definition changed
     * or that are gone are closed (the next use reconnects with the new settings), KME clients likewise;
     * everything else keeps its sessions. Transactions in flight keep the link definition they started with.
     */
    public synchronized void reload(Inventory next) {
        Inventory previous = inventory;
        for (Device d : previous.devices()) {
            if (!next.device(d.name()).equals(Optional.of(d))) {
                drivers.invalidate(d.name());
            }
        }
        keys.reload(next);
        inventory = next;
    }

    public Journal journal() {
        return journal;
    }

    public JournalDatabase database() {
        return database;
    }

    /** The device sessions (tests and diagnostics; the engine is the normal user). */
    public DriverPool drivers() {
        return drivers;
    }

    public RolloverEngine engine() {
        return engine;
    }

    public EngineEvents events() {
        return events;
    }

    public EngineScheduler scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        engine.close();
        scheduler.close();
        drivers.close();
        keys.close();
        database.close();
    }
}
