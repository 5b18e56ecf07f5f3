package org.qkdmacsec.harness.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.qkdmacsec.controller.engine.DriverPool;
import org.qkdmacsec.controller.engine.KeySupply;
import org.qkdmacsec.controller.engine.LinkSpec;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.lab.mka.TimeInterval;
import org.qkdmacsec.lab.time.ManualClock;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.Port;

/** A run on the in-memory device models: fast, every fault kind, ground truth from the models. */
final class ModelEnvironment implements Environment {
    private final World world;
    private final ModelKme kme;
    private final Map<String, LinkSpec> links = new LinkedHashMap<>();

    ModelEnvironment(Scenario scenario, Instant start) {
        this.world = new World(new ManualClock(start), new Faults(scenario.faults()));
        this.kme = new ModelKme(world, new Random(scenario.seed() * 31 + 7));
        for (Scenario.LinkPlan lp : scenario.links()) {
            ModelDevice a = device(lp.a());
            ModelDevice b = device(lp.b());
            world.truth().addLink(lp.id(), a, lp.portA(), b, lp.portB());
            a.addPort(lp.portA(), PortConfig.EMPTY);
            b.addPort(lp.portB(), PortConfig.EMPTY);
            links.put(lp.id(), new LinkSpec(lp.id(), end(lp.a(), lp.portA(), lp.id(), "sae-a"), end(lp.b(), lp.portB(), lp.id(), "sae-b"),
                    Side.A, lp.keyringSlots(), Duration.ofSeconds(60), ChaosRun.OVERLAP, lp.interval(),
                    Optional.of(Link.DEFAULT_DESCRIPTION)));
        }
    }

    private ModelDevice device(Scenario.DevicePlan p) {
        ModelDevice d = world.device(p.name(), p.flavor(), p.commitConfirmed());
        d.commitLatency(p.commitLatency());
        return d;
    }

    private static LinkSpec.End end(Scenario.DevicePlan d, String port, String link, String sae) {
        return new LinkSpec.End(d.name(), new Port(port, "CA-" + link, "KC-" + link, CipherSuite.GCM_AES_XPN_256), "kme-" + sae, sae, false);
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
        return new ModelPool(world, controller);
    }

    @Override
    public KeySupply keys() {
        return kme;
    }

    @Override
    public List<String> secrets() {
        return kme.secrets();
    }

    @Override
    public boolean timed(Fault f, boolean start) {
        ModelDevice d = world.device(f.target());
        switch (f.kind()) {
            case DEVICE_RESTART -> {
                if (start) {
                    d.goDown(f.flag());
                } else {
                    d.comeUp();
                }
                return true;
            }
            case CLOCK_JUMP -> {
                d.jumpClock(start ? f.amount() : f.amount().negated());
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    @Override
    public List<TimeInterval> outages(String link, Instant from, Instant to) {
        return world.truth().outages(link, from, to);
    }

    @Override
    public List<Truth.Use> uses(String link, Instant from, Instant to) {
        return world.truth().uses(link, from, to);
    }

    @Override
    public PortConfig keys(LinkSpec.End end) {
        return world.device(end.device()).committed(end.port().interfaceName());
    }

    @Override
    public boolean endTimes(LinkSpec link) {
        return world.device(link.a().device()).flavor.endTimes && world.device(link.b().device()).flavor.endTimes;
    }

    @Override
    public boolean scheduled(LinkSpec link) {
        return world.device(link.a().device()).flavor.scheduled();
    }

    @Override
    public boolean capabilityGap(LinkSpec link) {
        ModelDevice a = world.device(link.a().device());
        ModelDevice b = world.device(link.b().device());
        return a.flavor.scheduled() && !a.commitConfirmed || b.flavor.scheduled() && !b.commitConfirmed;
    }

    @Override
    public boolean restartLosesKeys(String device) {
        return world.device(device).flavor == Flavor.LINUX;
    }

    @Override
    public Duration commitLatency(String device) {
        return world.device(device).commitLatency();
    }

    @Override
    public Optional<Boolean> confirmedOnBoth(LinkSpec link, String ckn, Instant start) {
        // Confirmed, and still configured on both ends when it was due to start: a key removed before its
        // start-time was never going to be used (a batch-mate's commit may confirm it on the way).
        Recorder r = world.recorder();
        boolean kept = r.removedAt(link.a().device(), ckn).map(t -> !t.isBefore(start)).orElse(true)
                && r.removedAt(link.b().device(), ckn).map(t -> !t.isBefore(start)).orElse(true);
        return Optional.of(r.confirmedOn(link.a().device(), ckn) && r.confirmedOn(link.b().device(), ckn) && kept);
    }

    @Override
    public boolean seesDescriptions() {
        return true;
    }

    @Override
    public void close() {
        // nothing outside the JVM's heap
    }
}
