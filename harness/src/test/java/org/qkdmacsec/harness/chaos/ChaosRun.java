package org.qkdmacsec.harness.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.qkdmacsec.controller.engine.EngineConfig;
import org.qkdmacsec.controller.engine.LinkSpec;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.controller.journal.TxnState;
import org.qkdmacsec.lab.time.ManualClock;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.Port;

/**
 * One run of the fault search on the in-memory models: builds the scenario's devices and links (each
 * already keyed), runs its operations on simulated time while its faults fire, lets every fault clear,
 * rolls each link once more (up to three tries), lets retirement finish, and hands everything to
 * {@link Invariants}.
 */
final class ChaosRun {
    static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");
    static final Duration OVERLAP = Duration.ofMinutes(2);
    /** The links are keyed this long before the faults start. */
    static final Duration BOOTSTRAP = Duration.ofMinutes(30);

    /** What a run did and found. */
    record Outcome(Scenario scenario, List<String> violations, int transactions, Map<FaultKind, Integer> fired, long tasks,
                   Duration simulated, List<String> notes) {
        boolean failed() {
            return !violations.isEmpty();
        }
    }

    private final Scenario scenario;
    private final World world;
    private final ChaosDb db;
    private final ModelKme kme;
    private final EngineConfig config = EngineConfig.defaults();
    private final Map<String, LinkSpec> specs = new LinkedHashMap<>();
    private final Map<String, String> initialCkn = new HashMap<>();
    private final List<Controller> controllers = new ArrayList<>();
    private final Map<String, Integer> stepCounts = new HashMap<>();
    private final List<RolloverResult> results = new ArrayList<>();
    private final Map<String, Instant> livenessDone = new HashMap<>();
    private final List<String> notes = new ArrayList<>();
    private Controller primary;
    private Controller racer;
    private int pendingOps;

    private ChaosRun(Scenario scenario) {
        this.scenario = scenario;
        this.world = new World(new ManualClock(T0.minus(BOOTSTRAP)), new Faults(scenario.faults()));
        this.db = ChaosDb.get();
        this.kme = new ModelKme(world, new Random(scenario.seed() * 31 + 7));
    }

    static Outcome run(Scenario scenario, LogScan logs) {
        ChaosRun r = new ChaosRun(scenario);
        r.db.reset(r.world.faults());
        logs.drain();
        List<String> violations = new ArrayList<>();
        int txns;
        try {
            r.execute(violations);
        } catch (RuntimeException e) {
            violations.add("the run itself failed: " + e);
        } finally {
            r.db.disarm();
        }
        violations.addAll(Invariants.leaks(r.kme.secrets(), logs.drain(), r.results));
        txns = Invariants.transactionCount(r.db);
        if (!violations.isEmpty()) {
            r.notes.addAll(Invariants.journalDump(r.db));
        }
        return new Outcome(scenario, violations, txns, r.world.faults().fired(), r.world.loop().executed(),
                Duration.between(T0.minus(BOOTSTRAP), r.world.clock().instant()), List.copyOf(r.notes));
    }

    private void execute(List<String> violations) {
        for (Scenario.LinkPlan lp : scenario.links()) {
            build(lp);
        }
        primary = newController();
        if (!bootstrap()) {
            violations.add("the links could not be keyed before any fault: " + notes);
            return;
        }
        world.faults().arm();
        world.recorder().lockProbe((owner, device) -> controllers.stream().filter(c -> c.owner.equals(owner)).findFirst()
                .map(c -> c.holds(device)).orElse(false));
        scenario.faults().stream().filter(f -> f.kind() == FaultKind.SECOND_CONTROLLER).findFirst().ifPresent(f -> {
            racer = newController();
            world.faults().fired(FaultKind.SECOND_CONTROLLER);
        });
        SimLoop.Lane lane = world.loop().lane("world");
        for (Scenario.Op op : scenario.ops()) {
            pendingOps++;
            lane.executeAt(T0.plus(op.at()), () -> {
                pendingOps--;
                submit(primary, op.link(), op.immediate());
                if (racer != null && !racer.dead() && scenario.faults().stream()
                        .anyMatch(f -> f.kind() == FaultKind.SECOND_CONTROLLER && f.target().equals(op.link()))) {
                    submit(racer, op.link(), op.immediate());
                }
            });
        }
        scheduleTimedFaults(lane);
        Instant healAt = T0.plus(Scenario.HORIZON).plus(Duration.ofMinutes(6));
        world.loop().runUntil(() -> false, healAt, this::killed);
        world.faults().heal();
        db.down(false);
        if (!settle(Duration.ofHours(2))) {
            violations.add("the controllers did not finish their transactions within 2 h of the faults clearing: "
                    + controllers.stream().filter(c -> !c.idle()).map(c -> c.owner).toList());
            return;
        }
        for (LinkSpec link : specs.values()) {
            if (!Invariants.capabilityGap(world, link)) {
                liveness(link);
            }
        }
        world.loop().advanceTo(world.clock().instant().plus(OVERLAP).plus(Duration.ofMinutes(10)), this::killed);
        settle(Duration.ofHours(1));
        violations.addAll(world.recorder().violations());
        violations.addAll(new Invariants(world, db, scenario, specs, initialCkn, livenessDone, world.clock().instant()).check());
    }

    private void build(Scenario.LinkPlan lp) {
        ModelDevice a = device(lp.a());
        ModelDevice b = device(lp.b());
        world.truth().addLink(lp.id(), a, lp.portA(), b, lp.portB());
        a.addPort(lp.portA(), PortConfig.EMPTY);
        b.addPort(lp.portB(), PortConfig.EMPTY);
        specs.put(lp.id(), new LinkSpec(lp.id(), end(lp.a(), lp.portA(), lp.id(), "sae-a"), end(lp.b(), lp.portB(), lp.id(), "sae-b"),
                LinkSpec.Side.A, lp.keyringSlots(), Duration.ofSeconds(60), OVERLAP, Duration.ofHours(1),
                Optional.of(org.qkdmacsec.controller.inventory.Link.DEFAULT_DESCRIPTION)));
    }

    /** Before the faults: the controller keys every link (bootstrap), as it would in service, and it settles. */
    private boolean bootstrap() {
        for (LinkSpec link : specs.values()) {
            if (Invariants.capabilityGap(world, link)) {
                continue; // the controller must refuse it without touching anything; the invariants check that
            }
            // A device slower than the first lead overruns once; the lead learns and the next try fits.
            for (int i = 0; i < 3 && !initialCkn.containsKey(link.id()); i++) {
                CompletableFuture<RolloverResult> f = primary.submit(link, true);
                world.loop().runUntil(() -> f.isDone() && primary.idle(), world.clock().instant().plus(Duration.ofHours(1)), this::killed);
                if (f.isDone() && f.join().state() == TxnState.DONE) {
                    initialCkn.put(link.id(), f.join().newCkns().get(0));
                } else {
                    notes.add("bootstrap of " + link.id() + " try " + (i + 1) + ": " + (f.isDone() ? f.join() : "unfinished"));
                }
            }
            if (!initialCkn.containsKey(link.id())) {
                return false;
            }
        }
        world.loop().advanceTo(T0, this::killed);
        return true;
    }

    private ModelDevice device(Scenario.DevicePlan p) {
        ModelDevice d = world.device(p.name(), p.flavor(), p.commitConfirmed());
        d.commitLatency(p.commitLatency());
        return d;
    }

    private static LinkSpec.End end(Scenario.DevicePlan d, String port, String link, String sae) {
        return new LinkSpec.End(d.name(), new Port(port, "CA-" + link, "KC-" + link, CipherSuite.GCM_AES_XPN_256), "kme-" + sae, sae, false);
    }

    private Controller newController() {
        Controller c = new Controller("c" + (controllers.size() + 1), world, db, kme, config);
        controllers.add(c);
        c.events.onStep(e -> onStep(c, e.step(), e.side().orElse("")));
        return c;
    }

    private void submit(Controller c, String link, boolean immediate) {
        if (c.dead()) {
            return;
        }
        CompletableFuture<RolloverResult> f = c.submit(specs.get(link), immediate);
        f.thenAccept(results::add);
    }

    /** Kill and exit faults wait for the nth occurrence of a step (any controller, any link). */
    private void onStep(Controller c, String step, String side) {
        if (!world.faults().active() || c.dead()) {
            return;
        }
        for (Fault f : scenario.faults()) {
            boolean sideOk = f.kind() != FaultKind.CONTROLLER_KILL || side.isEmpty() || side.equals(f.flag() ? "a" : "b");
            if (f.step().equals(step) && sideOk && (f.kind() == FaultKind.CONTROLLER_KILL || f.kind() == FaultKind.CONTROLLER_EXIT_AFTER_COMMIT)) {
                int n = stepCounts.merge(f.index() + "|" + step, 1, Integer::sum);
                if (n != f.nth()) {
                    continue;
                }
                world.faults().fired(f.kind());
                Duration restartAfter = f.lasting();
                if (f.kind() == FaultKind.CONTROLLER_EXIT_AFTER_COMMIT) {
                    c.exit();
                    restart(c, restartAfter);
                    return;
                }
                world.loop().lane("restart-" + c.owner).after(restartAfter, () -> replace(c));
                throw new SimLoop.Killed(c.owner + " at " + step);
            }
        }
    }

    private void killed(SimLoop.Lane lane) {
        controllers.stream().filter(c -> c.lane == lane).findFirst().ifPresent(Controller::crash);
    }

    private void restart(Controller old, Duration after) {
        world.loop().lane("restart-" + old.owner).after(after, () -> replace(old));
    }

    /** A new process in place of a dead one: it takes over what the dead left in the journal. */
    private void replace(Controller dead) {
        Controller next = newController();
        if (dead == primary) {
            primary = next;
        } else {
            racer = next;
        }
        takeOver(next);
    }

    /** What a starting process does first: take over the dead's unfinished work (again later while the journal is down). */
    private void takeOver(Controller next) {
        List<String> alive = controllers.stream().filter(c -> !c.dead()).map(c -> c.owner).toList();
        try {
            next.recover(t -> !alive.contains(t.owner()), id -> Optional.ofNullable(specs.get(id))).forEach(f -> f.thenAccept(results::add));
        } catch (org.qkdmacsec.controller.journal.JournalException e) {
            next.lane.after(Duration.ofSeconds(5), () -> takeOver(next));
        }
    }

    private void scheduleTimedFaults(SimLoop.Lane lane) {
        for (Fault f : scenario.faults()) {
            Instant at = T0.plus(f.at());
            switch (f.kind()) {
                case DEVICE_RESTART -> {
                    ModelDevice d = world.device(f.target());
                    lane.executeAt(at, () -> {
                        world.faults().fired(f.kind());
                        world.recorder().faultStarted(f, world.clock().instant());
                        d.goDown(f.flag());
                    });
                    lane.executeAt(at.plus(f.lasting()), () -> {
                        d.comeUp();
                        world.recorder().faultCleared(f, world.clock().instant());
                    });
                }
                case CLOCK_JUMP -> {
                    ModelDevice d = world.device(f.target());
                    lane.executeAt(at, () -> {
                        world.faults().fired(f.kind());
                        world.recorder().faultStarted(f, world.clock().instant());
                        d.jumpClock(f.amount());
                    });
                    lane.executeAt(at.plus(f.lasting()), () -> {
                        d.jumpClock(f.amount().negated());
                        world.recorder().faultCleared(f, world.clock().instant());
                    });
                }
                case DATABASE_RESTART -> {
                    lane.executeAt(at, () -> {
                        world.faults().fired(f.kind());
                        db.down(true);
                    });
                    lane.executeAt(at.plus(f.lasting()), () -> db.down(false));
                }
                default -> { }
            }
        }
    }

    /** Runs until every live controller is idle; a controller that died with work pending is replaced first. */
    private boolean settle(Duration limit) {
        Instant until = world.clock().instant().plus(limit);
        return world.loop().runUntil(() -> pendingOps == 0 && controllers.stream().allMatch(Controller::idle)
                && !primary.dead() && (racer == null || !racer.dead()), until, this::killed);
    }

    /** After the faults: the link must roll again (three tries). */
    private void liveness(LinkSpec link) {
        for (int i = 0; i < 3; i++) {
            CompletableFuture<RolloverResult> f = primary.submit(link, true);
            f.thenAccept(results::add);
            world.loop().runUntil(() -> f.isDone() && primary.idle(), world.clock().instant().plus(Duration.ofHours(1)), this::killed);
            if (f.isDone() && f.join().state() == TxnState.DONE) {
                livenessDone.put(link.id(), world.clock().instant());
                return;
            }
            notes.add(link.id() + " liveness try " + (i + 1) + ": " + (f.isDone() ? f.join().state() + " " + f.join().reason()
                    .map(Enum::name).orElse("") + " " + f.join().message() : "did not finish"));
            world.loop().advanceTo(world.clock().instant().plus(Duration.ofMinutes(2)), this::killed);
        }
    }

    List<String> notes() {
        return notes;
    }

}
