package org.qkdmacsec.controller.engine;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.InventoryLoader;
import org.qkdmacsec.controller.journal.Journal;
import org.qkdmacsec.controller.journal.JournalDatabase;
import org.qkdmacsec.controller.lab.EmbeddedLab;
import org.qkdmacsec.controller.runtime.KmeKeySupply;
import org.qkdmacsec.controller.runtime.LinkSpecs;
import org.qkdmacsec.lab.mka.MkaLinkModel;
import org.qkdmacsec.lab.time.ManualClock;
import org.qkdmacsec.spi.DriverContext;

/**
 * Everything real, on simulated time: the lab inventory's KMEs and Junos routers as simulators on
 * loopback, the Junos driver over SSH/NETCONF, the KME client over mutual TLS, the journal on H2.
 */
final class LabRig implements AutoCloseable {
    static final Path LAB_INVENTORY = Path.of("../inventory/lab.yaml");

    final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T08:00:00Z"));
    final SimulatedScheduler scheduler = new SimulatedScheduler(clock);
    final EmbeddedLab lab;
    final JournalDatabase db;
    final Journal journal;
    final ServiceLoaderDriverPool drivers;
    final KmeKeySupply keys;
    final EngineEvents events;
    RolloverEngine engine;
    final Path dir;

    LabRig(Path dir) {
        this(dir, EngineConfig.defaults());
    }

    LabRig(Path dir, EngineConfig config) {
        this.dir = dir;
        Inventory source = InventoryLoader.load(LAB_INVENTORY);
        lab = EmbeddedLab.start(source, clock, EmbeddedLab.Ports.EPHEMERAL, java.util.Optional.of(dir.resolve("lab")));
        db = JournalDatabase.embedded(dir.resolve("journal"));
        journal = new Journal(db, clock, "test");
        drivers = new ServiceLoaderDriverPool(name -> lab.inventory().device(name).orElseThrow().toTarget(false),
                new DriverContext(clock, Duration.ofSeconds(20), Duration.ofSeconds(60)));
        keys = new KmeKeySupply(lab.inventory());
        events = new EngineEvents(new SimpleMeterRegistry(), clock);
        engine = new RolloverEngine(config, scheduler, journal, drivers, keys, events);
    }

    LinkSpec link(String id) {
        return LinkSpecs.byId(lab.inventory(), id).orElseThrow();
    }

    MkaLinkModel model(String linkId) {
        return lab.model(linkId).orElseThrow();
    }

    RolloverResult run(RolloverRequest request) {
        CompletableFuture<RolloverResult> f = engine.submit(request);
        scheduler.runUntil(f::isDone, Duration.ofHours(2));
        return f.join();
    }

    RolloverResult rollover(String linkId) {
        return run(RolloverRequest.immediate(link(linkId)));
    }

    @Override
    public void close() {
        drivers.close();
        keys.close();
        lab.close();
        db.close();
    }
}
