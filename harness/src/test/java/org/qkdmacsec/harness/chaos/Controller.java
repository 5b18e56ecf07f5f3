package org.qkdmacsec.harness.chaos;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import org.qkdmacsec.controller.engine.DriverPool;
import org.qkdmacsec.controller.engine.EngineConfig;
import org.qkdmacsec.controller.engine.EngineEvents;
import org.qkdmacsec.controller.engine.EngineProbe;
import org.qkdmacsec.controller.engine.KeySupply;
import org.qkdmacsec.controller.engine.LinkSpec;
import org.qkdmacsec.controller.engine.RolloverEngine;
import org.qkdmacsec.controller.engine.RolloverRequest;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.controller.journal.Journal;
import org.qkdmacsec.controller.journal.TxnRecord;

/**
 * One controller process of a run: the real engine on its own lane of the simulated loop, with its
 * own sessions to the model devices, sharing the journal with any other controller. This class is
 * the only place the fault search touches the engine's API.
 */
final class Controller {
    final String owner;
    final SimLoop.Lane lane;
    final Journal journal;
    final EngineEvents events;
    private final DriverPool pool;
    private final RolloverEngine engine;
    private boolean dead;

    Controller(String owner, World world, ChaosDb db, DriverPool pool, KeySupply keys, EngineConfig config) {
        this.owner = owner;
        this.lane = world.loop().lane(owner);
        this.journal = new Journal(db.journal(), world.clock(), owner);
        this.events = new EngineEvents(new SimpleMeterRegistry(), world.clock());
        this.pool = pool;
        this.engine = new RolloverEngine(config, lane, journal, pool, keys, events);
    }

    CompletableFuture<RolloverResult> submit(LinkSpec link, boolean immediate) {
        return engine.submit(immediate ? RolloverRequest.immediate(link) : RolloverRequest.periodic(link));
    }

    List<CompletableFuture<RolloverResult>> recover(Predicate<TxnRecord> mine, Function<String, Optional<LinkSpec>> links) {
        return engine.recover(mine, links);
    }

    /** No transaction of this controller is unfinished (a dead one counts as idle: its work is in the journal). */
    boolean idle() {
        return dead || engine.inFlight().isEmpty();
    }

    boolean holds(String device) {
        return EngineProbe.holds(engine, device);
    }

    boolean dead() {
        return dead;
    }

    /** kill -9: pending work is dropped, sessions end (the devices discard their uncommitted candidates). */
    void crash() {
        dead = true;
        lane.crash();
        pool.close();
    }

    /** A process that exits (e.g. {@code rollover --no-wait}): committed work is left to the devices and the next run. */
    void exit() {
        engine.stop();
        dead = true;
        lane.close();
        pool.close();
    }
}
