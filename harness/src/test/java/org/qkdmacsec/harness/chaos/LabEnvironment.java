package org.qkdmacsec.harness.chaos;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
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
import org.qkdmacsec.controller.inventory.InventoryLoader;
import org.qkdmacsec.controller.inventory.LabSettings;
import org.qkdmacsec.controller.inventory.Link;
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
import org.qkdmacsec.lab.time.ManualClock;
import org.qkdmacsec.spi.DriverContext;

/**
 * A run through the real protocol simulators of {@code lab/}: the Junos NETCONF and IOS-XR gNMI/CLI
 * routers of the lab inventory and its ETSI 014 KMEs over mutual TLS, the real drivers and KME client,
 * all on the run's simulated clock; ground truth from the lab's MKA link model. Device restarts and
 * KME read timeouts (wall-clock) are not drawn here; clock jumps only on Junos routers.
 */
final class LabEnvironment implements Environment {
    static final Path LAB_INVENTORY = Path.of("../inventory/lab.yaml");

    private final World world;
    private final EmbeddedLab lab;
    private final Inventory inventory;
    private final LabKeys keys;
    private final Map<String, LinkSpec> links = new LinkedHashMap<>();
    private final Map<String, Duration> latency = new TreeMap<>();
    private final List<KmeKeySupply> supplies = new ArrayList<>();

    /** Starts at the wall clock's minute: the lab's certificates are checked against real time by TLS. */
    LabEnvironment(Scenario scenario, Path dir) {
        this.world = new World(new ManualClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES)),
                new Faults(scenario.faults()));
        Scenario.LinkPlan lp = scenario.links().get(0);
        latency.put(lp.a().name(), lp.a().commitLatency());
        latency.put(lp.b().name(), lp.b().commitLatency());
        this.lab = EmbeddedLab.start(inventory(scenario.topology(), lp), world.clock(), EmbeddedLab.Ports.EPHEMERAL, Optional.of(dir));
        this.inventory = lab.inventory();
        Link link = inventory.links().get(0);
        links.put(link.id(), LinkSpecs.of(inventory, link));
        KmeKeySupply supply = new KmeKeySupply(inventory, new SimpleMeterRegistry());
        supplies.add(supply);
        this.keys = new LabKeys(supply, lab.kmes(), world);
    }

    /** The lab inventory cut down to the scenario's link (renamed l1), its two routers and the KMEs. */
    private Inventory inventory(Scenario.Topology t, Scenario.LinkPlan lp) {
        Inventory base = InventoryLoader.load(LAB_INVENTORY);
        String id = switch (t) {
            case JUNOS_JUNOS -> "r1-r2";
            case XR_GNMI_PAIR, XR_CLI_PAIR -> "x1-x2";
            case JUNOS_XR -> "r1-x1";
            default -> throw new IllegalArgumentException(t + " has no lab link");
        };
        Link src = base.links().stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow();
        Link link = new Link(lp.id(), src.a(), src.b(), src.encSide(), src.cipher(), src.keySizeBits(), src.connectivityAssociation(),
                src.keyChain(), src.schedule(), Math.max(1, lp.keyringSlots()), Duration.ofSeconds(60), ChaosRun.OVERLAP, src.tags(),
                src.keyDerivation(), Optional.of(Link.DEFAULT_DESCRIPTION));
        List<Device> devices = new ArrayList<>();
        Map<String, LabSettings.LabDevice> labDevices = new TreeMap<>();
        LabSettings settings = base.lab().orElseThrow();
        for (String name : List.of(src.a().device(), src.b().device())) {
            Device d = base.device(name).orElseThrow();
            if (t == Scenario.Topology.XR_CLI_PAIR) {
                Map<String, String> options = new TreeMap<>(d.options());
                options.put("transport", "cli");
                d = new Device(d.name(), d.vendor(), d.host(), d.port(), d.username(), d.password(), d.privateKey(), d.hostKey(),
                        d.timeZone(), d.requireNtp(), options);
            }
            devices.add(d);
            LabSettings.LabDevice ld = settings.devices().get(name);
            labDevices.put(name, new LabSettings.LabDevice(Duration.ZERO, Optional.of(latency.get(name)), ld.timeZone()));
        }
        return new Inventory(base.source(), devices, base.kmes(), List.of(link),
                Optional.of(new LabSettings(settings.stateDir(), settings.kmes(), labDevices)));
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
        return new FaultyPool(real, world, controller);
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
        String linkId = links.keySet().iterator().next();
        LinkSpec link = links.get(linkId);
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
    public Optional<Boolean> confirmedOnBoth(LinkSpec link, String ckn) {
        return Optional.empty();
    }

    @Override
    public boolean seesDescriptions() {
        return false;
    }

    @Override
    public void close() {
        supplies.forEach(KmeKeySupply::close);
        lab.close();
    }
}
