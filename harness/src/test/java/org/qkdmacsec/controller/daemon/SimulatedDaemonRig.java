package org.qkdmacsec.controller.daemon;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.qkdmacsec.controller.engine.LinkSpec;
import org.qkdmacsec.controller.inventory.InventoryLoader;
import org.qkdmacsec.controller.journal.JournalDatabase;
import org.qkdmacsec.controller.runtime.ControllerRuntime;
import org.qkdmacsec.controller.runtime.LinkSpecs;
import org.qkdmacsec.harness.engine.SimulatedScheduler;
import org.qkdmacsec.harness.lab.EmbeddedLab;
import org.qkdmacsec.lab.time.ManualClock;

/**
 * The daemon's policy on simulated time: the lab inventory's KMEs and Junos routers as real
 * simulators on loopback, the real engine and journal, and the {@link LinkRunner} and
 * {@link ConditionAlarms} the Quartz jobs and housekeeping call — minus Quartz itself, whose clock
 * cannot be simulated (its wiring is tested in real time by {@code DaemonTest}).
 */
final class SimulatedDaemonRig implements AutoCloseable {
    final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T08:00:00Z"));
    final SimulatedScheduler scheduler = new SimulatedScheduler(clock);
    final EmbeddedLab lab;
    final ControllerRuntime runtime;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final DaemonConfig config;
    final Alarms alarms;
    final LinkRunner runner;
    final ConditionAlarms conditions;
    final Schedules schedules = new Schedules();

    /** Records what the runner asks of the scheduler. */
    static final class Schedules implements LinkRunner.ScheduleControl {
        final List<String> early = new ArrayList<>();
        final List<Instant> aligned = new ArrayList<>();

        @Override
        public void fireAt(String linkId, Instant when) {
            early.add(linkId + "@" + when);
        }

        @Override
        public Optional<Instant> nextFire(String linkId) {
            return Optional.empty();
        }

        @Override
        public void alignTo(String linkId, Instant keyStart) {
            aligned.add(keyStart);
        }
    }

    SimulatedDaemonRig(Path dir) {
        lab = EmbeddedLab.start(InventoryLoader.load(Path.of("../inventory/lab.yaml")), clock, EmbeddedLab.Ports.EPHEMERAL,
                Optional.of(dir.resolve("lab")));
        runtime = ControllerRuntime.builder(lab.inventory(), JournalDatabase.embedded(dir.resolve("journal"))).scheduler(scheduler)
                .meters(registry).owner("test/1").build();
        DaemonConfig d = DaemonConfig.defaults();
        config = new DaemonConfig(d.inventory(), d.journal(), d.cluster(), new DaemonConfig.Scheduler(4, Duration.ofSeconds(60), Duration.ZERO),
                d.engine(), 1, d.resilience(), d.alarms(), d.reload(), d.shutdownTimeout(), d.api(), d.monitor());
        alarms = new Alarms(runtime.events(), runtime.journal());
        BeginWatch begins = new BeginWatch();
        runtime.events().onStep(begins);
        runner = new LinkRunner(runtime, config, begins, alarms, clock, registry, () -> false);
        runner.scheduleControl(schedules);
        conditions = new ConditionAlarms(runtime, config.alarms(), alarms);
    }

    LinkSpec link() {
        return LinkSpecs.byId(runtime.inventory(), "r1-r2").orElseThrow();
    }

    /** Fires the link's schedule and runs simulated time until its transaction (if any) has ended. */
    FireOutcome fireAndSettle() {
        FireOutcome o = runner.fire("r1-r2", clock.instant());
        scheduler.runUntil(() -> runtime.engine().inFlight().isEmpty(), Duration.ofHours(3));
        return o;
    }

    double alarmCount(String kind) {
        var c = registry.find("qkd_macsec_alarms_total").tag("kind", kind).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        runtime.close();
        lab.close();
    }
}
