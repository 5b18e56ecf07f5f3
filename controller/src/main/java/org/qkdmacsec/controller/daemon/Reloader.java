package org.qkdmacsec.controller.daemon;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.config.ConfigError;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.controller.inventory.InventoryLoader;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.runtime.ControllerRuntime;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a changed inventory in force (docs/daemon.md "Inventory reload"): new links get a schedule,
 * removed links lose theirs, links whose schedule changed are re-anchored, every other link is left
 * alone; an invalid inventory is refused with its errors and the one in force stays.
 */
final class Reloader {
    private static final Logger LOG = LoggerFactory.getLogger("qkd_macsec.daemon");

    private final Path inventoryFile;
    private final InventoryWatch watch;
    private final ControllerRuntime runtime;
    private final LinkSchedules schedules;
    private final Alarms alarms;
    private final MeterRegistry registry;
    private final Consumer<Inventory> applied;

    /** @param applied told of each inventory put in force (the monitors follow the links) */
    Reloader(Path inventoryFile, ControllerRuntime runtime, LinkSchedules schedules, Alarms alarms, MeterRegistry registry,
             Consumer<Inventory> applied) {
        this.inventoryFile = inventoryFile;
        this.watch = new InventoryWatch(inventoryFile);
        this.runtime = runtime;
        this.schedules = schedules;
        this.alarms = alarms;
        this.registry = registry;
        this.applied = applied;
    }

    /** Reloads when the file's content changed since the last look. */
    void reloadIfChanged() {
        if (watch.changed()) {
            reload();
        }
    }

    synchronized Daemon.ReloadResult reload() {
        watch.seen();
        Inventory next;
        try {
            next = InventoryLoader.load(inventoryFile);
        } catch (ConfigException e) {
            List<String> errors = e.errors().stream().map(ConfigError::toString).toList();
            errors.forEach(x -> LOG.error("event=reload result=refused error=\"{}\"", x));
            alarms.raise("-", Alarms.INVENTORY_REFUSED, inventoryFile + " has " + errors.size() + " error(s); the inventory in force"
                    + " stays: " + errors.get(0));
            count("refused");
            return new Daemon.ReloadResult(false, errors, List.of(), List.of(), List.of());
        }
        Inventory previous = runtime.inventory();
        LinkSchedules.Sync sync;
        try {
            sync = schedules.sync(next);
        } catch (SchedulerException e) {
            // The inventory in force stays; the next change or SIGHUP tries again.
            LOG.error("event=reload result=failed error=\"{}\"", e.toString());
            count("failed");
            return new Daemon.ReloadResult(false, List.of("scheduler: " + e.getMessage()), List.of(), List.of(), List.of());
        }
        runtime.reload(next);
        sync.removed().forEach(alarms::forget);
        applied.accept(next);
        List<String> changed = next.links().stream()
                .filter(l -> previous.links().stream().anyMatch(p -> p.id().equals(l.id()) && !p.equals(l))).map(Link::id).toList();
        LOG.info("event=reload result=applied added={} removed={} rescheduled={} changed={}", sync.added(), sync.removed(),
                sync.rescheduled(), changed);
        count("applied");
        return new Daemon.ReloadResult(true, List.of(), sync.added(), sync.removed(), sync.rescheduled());
    }

    private void count(String result) {
        Counter.builder("qkd_macsec_inventory_reloads_total").description("Inventory reloads").tag("result", result).register(registry)
                .increment();
    }
}
