package org.qkdmacsec.controller.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.qkdmacsec.controller.engine.KeySupply;
import org.qkdmacsec.controller.engine.EngineConfig;
import org.qkdmacsec.controller.engine.EngineEvents;
import org.qkdmacsec.controller.engine.EngineScheduler;
import org.qkdmacsec.controller.engine.RolloverEngine;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.controller.engine.ServiceLoaderDriverPool;
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

    /**
     * @param database          opened journal database (owned by the runtime from here on)
     * @param acceptNewHostKeys the operator's explicit permission to record unknown SSH host keys
     * @param owner             this process in the journal ({@link OwnerId#current()})
     */
    public ControllerRuntime(Inventory inventory, JournalDatabase database, EngineScheduler scheduler, EngineConfig config,
                             MeterRegistry registry, boolean acceptNewHostKeys, String owner) {
        this(inventory, database, scheduler, config, registry, acceptNewHostKeys, owner, UnaryOperator.identity());
    }

    /**
     * @param keySupplyWrapper wraps the KME key supply (tests observe the keys the engine receives,
     *                         to prove they never reach a log or the journal)
     */
    public ControllerRuntime(Inventory inventory, JournalDatabase database, EngineScheduler scheduler, EngineConfig config,
                             MeterRegistry registry, boolean acceptNewHostKeys, String owner,
                             UnaryOperator<KeySupply> keySupplyWrapper) {
        this.inventory = inventory;
        this.database = database;
        this.scheduler = scheduler;
        this.journal = new Journal(database, scheduler.clock(), owner);
        this.drivers = new ServiceLoaderDriverPool(name -> this.inventory.device(name)
                .orElseThrow(() -> new IllegalArgumentException("device " + name + " is not in the inventory"))
                .toTarget(acceptNewHostKeys), new DriverContext(scheduler.clock(), Duration.ofSeconds(15), Duration.ofSeconds(60)));
        this.keys = new KmeKeySupply(inventory, registry);
        this.events = new EngineEvents(registry, scheduler.clock());
        this.engine = new RolloverEngine(config, scheduler, journal, drivers, keySupplyWrapper.apply(keys), events);
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
        for (org.qkdmacsec.controller.inventory.Device d : previous.devices()) {
            if (!next.device(d.name()).equals(java.util.Optional.of(d))) {
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
    public org.qkdmacsec.controller.engine.DriverPool drivers() {
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
