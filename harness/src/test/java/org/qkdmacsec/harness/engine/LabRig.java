package org.qkdmacsec.harness.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.qkdmacsec.controller.engine.EngineConfig;
import org.qkdmacsec.controller.engine.LinkSpec;
import org.qkdmacsec.controller.engine.RolloverEngine;
import org.qkdmacsec.controller.engine.RolloverRequest;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.InventoryLoader;
import org.qkdmacsec.controller.inventory.LabSettings;
import org.qkdmacsec.controller.inventory.Vendor;
import org.qkdmacsec.controller.journal.JournalDatabase;
import org.qkdmacsec.controller.runtime.ControllerRuntime;
import org.qkdmacsec.controller.runtime.LinkSpecs;
import org.qkdmacsec.harness.lab.EmbeddedLab;
import org.qkdmacsec.lab.mka.MkaLinkModel;
import org.qkdmacsec.lab.time.ManualClock;

/**
 * Everything real, on simulated time: the lab inventory's KMEs and routers (Junos, IOS-XR) as
 * simulators on loopback, the drivers over SSH/NETCONF and gNMI, the KME client over mutual TLS, the
 * journal on H2, wired by {@link ControllerRuntime} exactly as the commands wire it. The kernel-lab
 * Linux devices are left out (their tests run under -Pkernel-lab).
 */
final class LabRig implements AutoCloseable {
    static final Path LAB_INVENTORY = Path.of("../inventory/lab.yaml");

    final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T08:00:00Z"));
    final SimulatedScheduler scheduler = new SimulatedScheduler(clock);
    final EmbeddedLab lab;
    final Path dir;
    final EngineConfig config;
    final KeyRecorder keys = new KeyRecorder();
    ControllerRuntime runtime;

    LabRig(Path dir) {
        this(dir, EngineConfig.defaults());
    }

    LabRig(Path dir, EngineConfig config) {
        this.dir = dir;
        this.config = config;
        lab = EmbeddedLab.start(withoutKernelLab(InventoryLoader.load(LAB_INVENTORY)), clock, EmbeddedLab.Ports.EPHEMERAL,
                Optional.of(dir.resolve("lab")));
        runtime = newRuntime("test-1");
    }

    static Inventory withoutKernelLab(Inventory inv) {
        LabSettings l = inv.lab().orElseThrow();
        Map<String, LabSettings.LabDevice> devices = new java.util.TreeMap<>(l.devices());
        devices.keySet().removeIf(d -> inv.device(d).map(x -> x.vendor() == Vendor.LINUX).orElse(false));
        return new Inventory(inv.source(), inv.devices(), inv.kmes(), inv.links(), Optional.of(new LabSettings(l.stateDir(), l.kmes(), devices)));
    }

    /** A controller on the shared journal file, as a restarted process would be. */
    ControllerRuntime newRuntime(String owner) {
        return ControllerRuntime.builder(lab.inventory(), JournalDatabase.embedded(dir.resolve("journal"))).scheduler(scheduler)
                .config(config).owner(owner).keySupply(keys::wrap).build();
    }

    /** Simulates a crash: the controller's pending continuations are dropped and its sessions closed. */
    void crash() {
        scheduler.close();
        runtime.close();
    }

    RolloverEngine engine() {
        return runtime.engine();
    }

    LinkSpec link(String id) {
        return LinkSpecs.byId(lab.inventory(), id).orElseThrow();
    }

    MkaLinkModel model(String linkId) {
        return lab.model(linkId).orElseThrow();
    }

    RolloverResult run(RolloverRequest request) {
        return await(engine().submit(request));
    }

    RolloverResult await(CompletableFuture<RolloverResult> f) {
        scheduler.runUntil(f::isDone, Duration.ofHours(2));
        return f.join();
    }

    RolloverResult rollover(String linkId) {
        return run(RolloverRequest.immediate(link(linkId)));
    }

    @Override
    public void close() {
        runtime.close();
        lab.close();
    }
}
