package org.qkdmacsec.controller.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.controller.engine.Reason;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.controller.journal.TxnState;
import org.qkdmacsec.lab.kme.Fault;
import org.qkdmacsec.lab.mka.OutageTimeline;

/** The daemon's decisions on simulated time, against the lab's simulators. */
class LinkRunnerTest {
    @TempDir
    Path dir;

    @Test
    void aFireSubmitsTheLinksPeriodicRunAndSkipsWhileItIsInFlight() {
        try (SimulatedDaemonRig rig = new SimulatedDaemonRig(dir)) {
            FireOutcome first = rig.runner.fire("r1-r2", rig.clock.instant());
            assertTrue(first.submitted(), first.toString());
            // The engine has not even begun (simulated time stands still), yet the link counts as busy.
            FireOutcome second = rig.runner.fire("r1-r2", rig.clock.instant());
            assertEquals(FireOutcome.skipped("r1-r2", "in_progress"), second);
            rig.scheduler.runUntil(() -> rig.runtime.engine().inFlight().isEmpty(), Duration.ofHours(1));
            TxnRecord t = rig.runtime.journal().history("r1-r2", 1).get(0);
            assertEquals(TxnState.DONE, t.state(), t.toString());
            // The bootstrap run filled the keyring (2 keys); the scheduler is told where the key grid lies.
            assertEquals(2, t.keys().size());
            assertEquals(List.of(t.keys().get(0).start()), rig.schedules.aligned);
            assertEquals(FireOutcome.skipped("nope", "not_in_inventory"), rig.runner.fire("nope", rig.clock.instant()));
        }
    }

    @Test
    void repeatedKmeFailuresHoldTheLinkDownWithBackoffWhileItsKeysStayInService() {
        try (SimulatedDaemonRig rig = new SimulatedDaemonRig(dir)) {
            assertTrue(rig.fireAndSettle().submitted());
            Instant securedFrom = rig.clock.instant();
            // The first key is active; the keyring holds one future key, so the next run asks the KMEs for one.
            rig.lab.kmes().kme("kme-a").faults().sticky(Fault.unavailable());
            for (int i = 1; i <= 3; i++) {
                rig.clock.advance(Duration.ofMinutes(1));
                FireOutcome o = rig.fireAndSettle();
                assertTrue(o.submitted(), o.toString());
                assertEquals(Optional.of("KME_UNAVAILABLE"), rig.runtime.journal().history("r1-r2", 1).get(0).reason());
            }
            assertEquals(1, rig.alarmCount(Alarms.KME_HOLD_DOWN), "the third consecutive failure starts the hold-down");
            assertTrue(rig.runtime.journal().auditEvents(Optional.of("r1-r2"), 10).stream().anyMatch(e -> e.kind().equals(Alarms.KME_HOLD_DOWN)));

            Instant third = rig.runtime.journal().history("r1-r2", 1).get(0).updatedAt();
            rig.clock.advance(Duration.ofSeconds(30));
            assertEquals(FireOutcome.skipped("r1-r2", "hold_down"), rig.runner.fire("r1-r2", rig.clock.instant()));
            rig.clock.advanceTo(third.plus(Duration.ofMinutes(1)));
            assertTrue(rig.fireAndSettle().submitted(), "the hold-down of 1 min is over");
            // The fourth failure doubles it: 2 min.
            Instant fourth = rig.runtime.journal().history("r1-r2", 1).get(0).updatedAt();
            assertEquals(2, rig.alarmCount(Alarms.KME_HOLD_DOWN));
            rig.clock.advanceTo(fourth.plus(Duration.ofSeconds(100)));
            assertEquals(FireOutcome.skipped("r1-r2", "hold_down"), rig.runner.fire("r1-r2", rig.clock.instant()));
            rig.clock.advanceTo(fourth.plus(Duration.ofMinutes(2)));

            // The KME recovers: the next run succeeds and the chain is over.
            rig.lab.kmes().kme("kme-a").faults().clear();
            assertTrue(rig.fireAndSettle().submitted());
            assertEquals(TxnState.DONE, rig.runtime.journal().history("r1-r2", 1).get(0).state());
            assertTrue(rig.runner.fire("r1-r2", rig.clock.instant()).submitted(), "no hold-down after a success");
            rig.scheduler.runUntil(() -> rig.runtime.engine().inFlight().isEmpty(), Duration.ofHours(3));
            // Never a lapse: the key in place stayed in service throughout.
            OutageTimeline o = rig.lab.model("r1-r2").orElseThrow().outages(securedFrom, rig.clock.instant());
            assertTrue(o.hitless(), o.toString());
        }
    }

    @Test
    void aVerificationFailureRaisesAnAlarmAndAFailedRunWithALowKeyringAsksForAnEarlyRun() {
        try (SimulatedDaemonRig rig = new SimulatedDaemonRig(dir)) {
            rig.runner.finished(rig.link(), result(TxnState.ABORTED, Reason.VERIFY_TIMEOUT));
            assertEquals(1, rig.alarmCount(Alarms.VERIFY_FAILED));
            // A journal row for the link with no future key: the keyring is empty.
            assertTrue(rig.fireAndSettle().submitted());
            rig.lab.junos("r1").orElseThrow().setClockSkew(Duration.ofSeconds(30));
            rig.clock.advance(Duration.ofHours(1));
            rig.fireAndSettle();
            assertEquals(Optional.of("CLOCK_SKEW"), rig.runtime.journal().history("r1-r2", 1).get(0).reason());
            assertEquals(1, rig.schedules.early.size(), rig.schedules.early.toString());
            assertTrue(rig.schedules.early.get(0).startsWith("r1-r2@" + rig.clock.instant().plus(Duration.ofMinutes(6))),
                    "a tenth of the interval later: " + rig.schedules.early);
        }
    }

    @Test
    void conditionAlarmsRiseOnceAndClearForKeyAgeAndABlockingGate() {
        try (SimulatedDaemonRig rig = new SimulatedDaemonRig(dir)) {
            assertTrue(rig.fireAndSettle().submitted());
            rig.conditions.check(rig.clock.instant());
            assertEquals(0, rig.alarmCount(Alarms.KEY_AGE));
            // No run for over 3 intervals (3 h): the newest key in service is too old.
            rig.clock.advance(Duration.ofHours(4));
            rig.conditions.check(rig.clock.instant());
            rig.conditions.check(rig.clock.instant());
            assertEquals(1, rig.alarmCount(Alarms.KEY_AGE), "raised once while the condition lasts");
            assertEquals(java.util.Set.of(Alarms.KEY_AGE), rig.alarms.active("r1-r2"));

            // A gate refuses every run for longer than the interval.
            rig.lab.junos("r2").orElseThrow().setClockSkew(Duration.ofSeconds(30));
            rig.fireAndSettle();
            rig.clock.advance(Duration.ofMinutes(61));
            rig.fireAndSettle();
            rig.conditions.check(rig.clock.instant());
            assertEquals(1, rig.alarmCount(Alarms.GATE_BLOCKED));
            // Fixed: the next run succeeds and both conditions clear.
            rig.lab.junos("r2").orElseThrow().setClockSkew(Duration.ZERO);
            rig.fireAndSettle();
            rig.conditions.check(rig.clock.instant());
            assertEquals(java.util.Set.of(), rig.alarms.active("r1-r2"));
            assertFalse(rig.runtime.journal().auditEvents(Optional.of("r1-r2"), 50).stream()
                    .noneMatch(e -> e.kind().equals("GATE_BLOCKED_CLEARED")));
        }
    }

    private static RolloverResult result(TxnState state, Reason reason) {
        return new RolloverResult(Optional.of("t1"), "r1-r2", state, Optional.of(reason), "MKA did not report the new key secured",
                List.of(), Optional.empty(), Optional.empty(), Duration.ofSeconds(1), Map.of(), List.of());
    }
}
