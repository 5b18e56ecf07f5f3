package org.qkdmacsec.harness.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.qkdmacsec.controller.engine.EngineConfig;
import org.qkdmacsec.controller.engine.LinkSpec;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.controller.journal.TxnState;

/**
 * One run of the fault search in an {@link Environment}: keys the scenario's links, runs its operations on simulated time while its faults fire, lets every fault clear,
 * rolls each link once more (up to three tries), lets retirement finish, and hands everything to
 * {@link Invariants}.
 */
final class ChaosRun {
    /** The models' runs start here (the lab's start near the wall clock: its certificates follow real time). */
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
    private final Environment env;
    private final World world;
    private final ChaosDb db;
    private final EngineConfig config = EngineConfig.defaults();
    private final Map<String, LinkSpec> specs;
    private final Instant t0;
    private final Map<String, String> initialCkn = new HashMap<>();
    private final List<Controller> controllers = new ArrayList<>();
    private final Map<String, Integer> stepCounts = new HashMap<>();
    private final List<RolloverResult> results = new ArrayList<>();
    private final Map<String, Instant> livenessDone = new HashMap<>();
    private final List<String> notes = new ArrayList<>();
    private Controller primary;
    private Controller racer;
    private int pendingOps;

    private ChaosRun(Scenario scenario, Environment env) {
        this.scenario = scenario;
        this.env = env;
        this.world = env.world();
        this.db = ChaosDb.get();
        this.specs = env.links();
        this.t0 = env.t0();
    }

    /** A run on the in-memory device models. */
    static Outcome run(Scenario scenario, LogScan logs) {
        try (ModelEnvironment env = new ModelEnvironment(scenario, T0.minus(BOOTSTRAP))) {
            return run(scenario, env, logs);
        }
    }

    static Outcome run(Scenario scenario, Environment env, LogScan logs) {
        ChaosRun r = new ChaosRun(scenario, env);
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
        violations.addAll(Invariants.leaks(env.secrets(), logs.drain(), r.results));
        txns = Invariants.transactionCount(r.db);
        if (!violations.isEmpty()) {
            r.notes.addAll(Invariants.journalDump(r.db));
        }
        return new Outcome(scenario, violations, txns, r.world.faults().fired(), r.world.loop().executed(),
                Duration.between(r.t0.minus(BOOTSTRAP), r.world.clock().instant()), List.copyOf(r.notes));
    }

    private void execute(List<String> violations) {
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
            lane.executeAt(t0.plus(op.at()), () -> {
                pendingOps--;
                submit(primary, op.link(), op.immediate());
                if (racer != null && !racer.dead() && scenario.faults().stream()
                        .anyMatch(f -> f.kind() == FaultKind.SECOND_CONTROLLER && f.target().equals(op.link()))) {
                    submit(racer, op.link(), op.immediate());
                }
            });
        }
        scheduleTimedFaults(lane);
        Instant healAt = t0.plus(Scenario.HORIZON).plus(Duration.ofMinutes(6));
        world.loop().runUntil(() -> false, healAt, this::killed);
        world.faults().heal();
        db.down(false);
        if (!settle(Duration.ofHours(2))) {
            violations.add("the controllers did not finish their transactions within 2 h of the faults clearing: "
                    + controllers.stream().filter(c -> !c.idle()).map(c -> c.owner).toList());
            return;
        }
        for (LinkSpec link : specs.values()) {
            if (!env.capabilityGap(link)) {
                liveness(link);
            }
        }
        world.loop().advanceTo(world.clock().instant().plus(OVERLAP).plus(Duration.ofMinutes(10)), this::killed);
        settle(Duration.ofHours(1));
        violations.addAll(world.recorder().violations());
        violations.addAll(new Invariants(env, db, scenario, initialCkn, livenessDone, t0, world.clock().instant()).check());
    }

    /** Before the faults: the controller keys every link (bootstrap), as it would in service, and it settles. */
    private boolean bootstrap() {
        for (LinkSpec link : specs.values()) {
            if (env.capabilityGap(link)) {
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
        world.loop().advanceTo(t0, this::killed);
        return true;
    }

    private Controller newController() {
        String owner = "c" + (controllers.size() + 1);
        Controller c = new Controller(owner, world, db, env.pool(owner), env.keys(), config);
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
                world.recorder().controllerDown(c.owner, world.clock().instant(), world.clock().instant().plus(restartAfter));
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

    /**
     * What a starting process does first: take over the dead's unfinished work — and again every
     * {@link #RECOVERY_INTERVAL} while some is left (a take-over the journal refused), as the daemon
     * does every check-in interval.
     */
    private void takeOver(Controller next) {
        if (next.dead()) {
            return;
        }
        List<String> alive = controllers.stream().filter(c -> !c.dead()).map(c -> c.owner).toList();
        try {
            next.recover(t -> !alive.contains(t.owner()), id -> specs.values().stream().filter(l -> l.id().equals(id)).findFirst())
                    .forEach(f -> f.thenAccept(results::add));
            if (next.journal.unfinished().stream().anyMatch(t -> !alive.contains(t.owner()))) {
                next.lane.after(RECOVERY_INTERVAL, () -> takeOver(next));
            }
        } catch (org.qkdmacsec.controller.journal.JournalException e) {
            next.lane.after(Duration.ofSeconds(5), () -> takeOver(next));
        }
    }

    /** The daemon's default cluster check-in interval, at which it looks for the dead's work again. */
    static final Duration RECOVERY_INTERVAL = Duration.ofSeconds(5);

    private void scheduleTimedFaults(SimLoop.Lane lane) {
        for (Fault f : scenario.faults()) {
            Instant at = t0.plus(f.at());
            if (f.kind() == FaultKind.DATABASE_RESTART) {
                lane.executeAt(at, () -> {
                    world.faults().fired(f.kind());
                    db.down(true);
                });
                lane.executeAt(at.plus(f.lasting()), () -> db.down(false));
            } else if (f.kind().where == FaultKind.Where.TIMED) {
                lane.executeAt(at, () -> {
                    if (env.timed(f, true)) {
                        world.faults().fired(f.kind());
                        world.recorder().faultStarted(f, world.clock().instant());
                    }
                });
                lane.executeAt(at.plus(f.lasting()), () -> {
                    if (env.timed(f, false)) {
                        world.recorder().faultCleared(f, world.clock().instant());
                    }
                });
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
