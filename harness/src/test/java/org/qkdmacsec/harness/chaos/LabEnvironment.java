package org.qkdmacsec.harness.chaos;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.qkdmacsec.controller.engine.DriverPool;
import org.qkdmacsec.controller.engine.KeySupply;
import org.qkdmacsec.controller.engine.LinkSpec;
import org.qkdmacsec.controller.engine.ServiceLoaderDriverPool;
import org.qkdmacsec.controller.inventory.Device;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Vendor;
import org.qkdmacsec.controller.runtime.KmeKeySupply;
import org.qkdmacsec.controller.runtime.LinkSpecs;
import org.qkdmacsec.harness.lab.EmbeddedLab;
import org.qkdmacsec.lab.junos.JunosSimulator;
import org.qkdmacsec.lab.mka.MkaKey;
import org.qkdmacsec.lab.mka.MkaLinkModel;
import org.qkdmacsec.lab.mka.PortFeed;
import org.qkdmacsec.lab.mka.Side;
import org.qkdmacsec.lab.mka.TimeInterval;
import org.qkdmacsec.spi.DriverContext;

/**
 * A run through the real protocol simulators of {@code lab/}: the Junos NETCONF and IOS-XR gNMI/CLI
 * routers of the lab inventory and its ETSI 014 KMEs over mutual TLS, the real drivers and KME client,
 * all on the run's simulated clock; ground truth from the lab's MKA link model. Device restarts and
 * KME read timeouts (wall-clock) are not drawn here; clock jumps only on Junos routers.
 */
final class LabEnvironment implements Environment {
    private final World world;
    private final EmbeddedLab lab;
    private final Inventory inventory;
    private final LabKeys keys;
    private final Map<String, LinkSpec> links = new LinkedHashMap<>();
    private final Map<String, Duration> latency = new TreeMap<>();
    private final List<KmeKeySupply> supplies = new ArrayList<>();
    private final List<DriverPool> pools = new ArrayList<>();

    /** On the shared lab, on a link of its own. */
    LabEnvironment(Scenario scenario) {
        Scenario.LinkPlan lp = scenario.links().get(0);
        SharedLab.Slot slot = SharedLab.next(scenario.topology());
        this.lab = slot.lab();
        this.world = new World(slot.clock(), new Faults(scenario.faults()));
        this.inventory = scenario.topology() == Scenario.Topology.XR_CLI_PAIR ? cliOnly(lab.inventory()) : lab.inventory();
        LinkSpec spec = LinkSpecs.of(inventory, slot.link());
        links.put(lp.id(), new LinkSpec(spec.id(), spec.a(), spec.b(), spec.encSide(), Math.max(1, lp.keyringSlots()), spec.leadFloor(),
                spec.overlap(), spec.interval(), spec.description()));
        for (String d : List.of(spec.a().device(), spec.b().device())) {
            latency.put(d, inventory.lab().orElseThrow().devices().get(d).commitLatency(inventory.device(d).orElseThrow().vendor()));
        }
        KmeKeySupply supply = new KmeKeySupply(inventory, new SimpleMeterRegistry());
        supplies.add(supply);
        this.keys = new LabKeys(supply, lab.kmes(), world);
    }

    /** The same inventory with the IOS-XR routers reached over their SSH CLI only. */
    private static Inventory cliOnly(Inventory inv) {
        List<Device> devices = new ArrayList<>();
        for (Device d : inv.devices()) {
            if (d.vendor() == Vendor.IOSXR) {
                Map<String, String> options = new TreeMap<>(d.options());
                options.put("transport", "cli");
                d = new Device(d.name(), d.vendor(), d.host(), d.port(), d.username(), d.password(), d.privateKey(), d.hostKey(),
                        d.timeZone(), d.requireNtp(), options);
            }
            devices.add(d);
        }
        return new Inventory(inv.source(), devices, inv.kmes(), inv.links(), inv.lab());
    }

    @Override
    public World world() {
        return world;
    }

    @Override
    public Map<String, LinkSpec> links() {
        return links;
    }

    @Override
    public DriverPool pool(String controller) {
        ServiceLoaderDriverPool real = new ServiceLoaderDriverPool(name -> inventory.device(name).orElseThrow().toTarget(false),
                new DriverContext(world.clock(), Duration.ofSeconds(15), Duration.ofSeconds(60)));
        FaultyPool pool = new FaultyPool(real, world, controller);
        pools.add(pool);
        return pool;
    }

    @Override
    public KeySupply keys() {
        return keys;
    }

    @Override
    public List<String> secrets() {
        return keys.secrets();
    }

    @Override
    public boolean timed(Fault f, boolean start) {
        if (f.kind() != FaultKind.CLOCK_JUMP) {
            return false;
        }
        Optional<JunosSimulator> r = lab.junos(f.target());
        r.ifPresent(sim -> sim.setClockSkew(start ? f.amount() : Duration.ZERO));
        return r.isPresent();
    }

    private MkaLinkModel model(String link) {
        return lab.model(link).orElseThrow();
    }

    @Override
    public List<TimeInterval> outages(String link, Instant from, Instant to) {
        return model(link).outages(from, to).outages();
    }

    @Override
    public List<Truth.Use> uses(String link, Instant from, Instant to) {
        List<Truth.Use> out = new ArrayList<>();
        for (Side s : Side.values()) {
            model(link).activeKeys(s, from, to).forEach(span -> span.ckn().ifPresent(c -> out.add(new Truth.Use(c, span.from(), span.to()))));
        }
        return out;
    }

    /** What the device last committed, as it fed the MKA model. */
    @Override
    public PortConfig keys(LinkSpec.End end) {
        LinkSpec link = links.values().iterator().next();
        String linkId = link.id();
        Side side = end.equals(link.a()) ? Side.A : Side.B;
        List<PortFeed> feeds = model(linkId).feeds(side);
        if (feeds.isEmpty()) {
            return PortConfig.EMPTY;
        }
        List<PortConfig.Key> keysNow = new ArrayList<>();
        for (MkaKey k : feeds.get(feeds.size() - 1).keys()) {
            keysNow.add(new PortConfig.Key(k.ckn(), "", k.start(), k.end()));
        }
        return new PortConfig(keysNow, Optional.empty());
    }

    @Override
    public boolean endTimes(LinkSpec link) {
        return vendor(link.a().device()) == Vendor.IOSXR && vendor(link.b().device()) == Vendor.IOSXR;
    }

    private Vendor vendor(String device) {
        return inventory.device(device).orElseThrow().vendor();
    }

    @Override
    public boolean scheduled(LinkSpec link) {
        return true;
    }

    @Override
    public boolean capabilityGap(LinkSpec link) {
        return false;
    }

    @Override
    public boolean restartLosesKeys(String device) {
        return false;
    }

    @Override
    public Duration commitLatency(String device) {
        return latency.getOrDefault(device, Duration.ZERO);
    }

    @Override
    public Optional<Boolean> confirmedOnBoth(LinkSpec link, String ckn, Instant start) {
        return Optional.empty();
    }

    @Override
    public boolean seesDescriptions() {
        return false;
    }

    @Override
    public void close() {
        pools.forEach(DriverPool::close);
        supplies.forEach(KmeKeySupply::close);
        lab.junos("r1").ifPresent(r -> r.setClockSkew(Duration.ZERO));
        lab.junos("r2").ifPresent(r -> r.setClockSkew(Duration.ZERO));
    }
}
