package org.qkdmacsec.harness.playbook;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.qkdmacsec.config.Durations;
import org.qkdmacsec.harness.engine.SimulatedScheduler;

/** Simulated time: waiting runs the engine's due tasks and jumps the lab clock, so hours take seconds. */
final class SimulatedTimeline implements Timeline {
    private final SimulatedScheduler scheduler;

    SimulatedTimeline(SimulatedScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Clock clock() {
        return scheduler.clock();
    }

    @Override
    public void sleep(Duration d) {
        scheduler.advance(d);
    }

    @Override
    public Optional<String> await(CompletableFuture<?> f, Duration limit) {
        try {
            scheduler.runUntil(f::isDone, limit);
            return Optional.empty();
        } catch (IllegalStateException e) {
            return f.isDone() ? Optional.empty()
                    : Optional.of("did not finish within " + Durations.format(limit) + " of simulated time (" + e.getMessage() + ")");
        }
    }
}
