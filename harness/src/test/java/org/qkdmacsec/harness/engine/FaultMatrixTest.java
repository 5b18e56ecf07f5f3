package org.qkdmacsec.harness.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.controller.engine.EngineConfig;
import org.qkdmacsec.controller.engine.Reason;
import org.qkdmacsec.controller.engine.RolloverRequest;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.controller.journal.StepRecord;
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.controller.journal.TxnState;
import org.qkdmacsec.lab.junos.JunosFaults;
import org.qkdmacsec.lab.junos.JunosSimulator;
import org.qkdmacsec.lab.kme.Fault;
import org.qkdmacsec.lab.kme.KmeEndpoint;
import org.qkdmacsec.lab.mka.OutageTimeline;

/**
 * Issue 5's fault matrix on the Junos link r1 ↔ r2 (KMEs kme-a → kme-b): every case ends DONE or
 * ABORTED as intended, the link never loses its secured CA (MKA model), the journal tells the story,
 * the devices hold none of an aborted transaction's keys, and no key byte reaches a log, a result or
 * the journal's files.
 */
class FaultMatrixTest {
    private static final String LINK = "r1-r2";

    @TempDir
    Path dir;

    private LabRig rig;
    private Instant securedFrom;

    @BeforeEach
    void keyTheLink() {
        rig = new LabRig(dir);
        rig.keys.attach();
        RolloverResult first = rig.rollover(LINK);
        assertEquals(TxnState.DONE, first.state(), first.toString());
        rig.scheduler.advance(Duration.ofMinutes(3));
        securedFrom = rig.clock.instant();
        assertTrue(rig.model(LINK).securedAt(securedFrom));
    }

    @AfterEach
    void close() {
        rig.keys.detach();
        rig.close();
    }

    private JunosSimulator r(String name) {
        return rig.lab.junos(name).orElseThrow();
    }

    /** The case's outcome, then the checks every case shares, then proof that the link still rolls. */
    private void expect(RolloverResult r, TxnState state, Reason reason, String... stepsInOrder) throws Exception {
        assertEquals(state, r.state(), r.toString());
        assertEquals(Optional.of(reason), r.reason(), r.toString());
        TxnRecord t = rig.runtime.journal().txn(r.txnId().orElseThrow()).orElseThrow();
        assertEquals(state, t.state());
        assertEquals(Optional.of(reason.name()), t.reason());
        List<String> steps = rig.runtime.journal().steps(t.id()).stream()
                .map(s -> s.step() + s.side().map(x -> ":" + x).orElse("") + (s.outcome().equals("OK") ? "" : "!" + s.outcome())).toList();
        int at = 0;
        for (String want : stepsInOrder) {
            int i = steps.subList(at, steps.size()).indexOf(want);
            assertTrue(i >= 0, "journal steps " + steps + " lack " + want + " after position " + at + "; notes " + r.notes());
            at += i + 1;
        }
        for (String ckn : r.newCkns()) {
            assertFalse(r("r1").committedConfigurationXml().contains(ckn), "r1 kept aborted key " + ckn);
            assertFalse(r("r2").committedConfigurationXml().contains(ckn), "r2 kept aborted key " + ckn);
        }
        // The link still rolls afterwards (once MKA has settled): nothing half-done was left behind.
        rig.scheduler.advance(Duration.ofMinutes(1));
        RolloverResult next = rig.rollover(LINK);
        assertEquals(TxnState.DONE, next.state(), "follow-up rollover: " + next);
        rig.scheduler.advance(Duration.ofMinutes(3));
        OutageTimeline o = rig.model(LINK).outages(securedFrom, rig.clock.instant());
        assertTrue(o.hitless(), "outage during the case: " + o);
        assertEquals("", rig.keys.leaks(r + "\n" + next, dir.resolve("journal")));
    }

    @Test
    void encKme503AbortsBeforeAnythingIsStaged() throws Exception {
        // A 503 hands nothing out, so the engine asks again within kme-wait (issue 16); one that lasts aborts.
        var faults = rig.lab.kmes().kme("kme-a").faults();
        faults.sticky(Fault.unavailable().on(KmeEndpoint.ENC_KEYS));
        RolloverResult r = rig.rollover(LINK);
        faults.clear();
        expect(r, TxnState.ABORTED, Reason.ENC_KME_FAILED, "PLANNED", "PREFLIGHT", "FETCH!RETRY", "REFUSED!FAILED");
    }

    @Test
    void decKme401AbortsAndSaysTheKeysAreConsumed() throws Exception {
        rig.lab.kmes().kme("kme-b").faults().once(Fault.unauthorized().on(KmeEndpoint.DEC_KEYS));
        RolloverResult r = rig.rollover(LINK);
        assertTrue(r.message().contains("consumed"), r.message());
        expect(r, TxnState.ABORTED, Reason.KME_UNAUTHORIZED, "PREFLIGHT", "REFUSED!FAILED");
    }

    @Test
    void keysThatDifferBetweenKmesAreNeverStaged() throws Exception {
        rig.lab.kmes().kme("kme-b").faults().once(Fault.wrongKey().on(KmeEndpoint.DEC_KEYS));
        expect(rig.rollover(LINK), TxnState.ABORTED, Reason.KEYS_DIFFER, "PREFLIGHT", "REFUSED!FAILED");
    }

    @Test
    void sideBCommitErrorRemovesOurKeysFromSideA() throws Exception {
        r("r2").faults().failNextCommit("configuration check-out failed (injected)");
        expect(rig.rollover(LINK), TxnState.ABORTED, Reason.COMMIT_FAILED,
                "STAGED:a", "COMMIT:a", "STAGED:b", "FAILED!FAILED", "COMPENSATED:a");
    }

    /** The journal's steps as "STEP:side!OUTCOME". */
    private List<String> steps(RolloverResult r) {
        return rig.runtime.journal().steps(r.txnId().orElseThrow()).stream()
                .map(s -> s.step() + s.side().map(x -> ":" + x).orElse("") + (s.outcome().equals("OK") ? "" : "!" + s.outcome())).toList();
    }

    private void expectDoneAndHitless(RolloverResult r, String... stepsInOrder) throws Exception {
        assertEquals(TxnState.DONE, r.state(), r.toString());
        assertEquals(List.of(stepsInOrder), steps(r));
        rig.scheduler.advance(Duration.ofMinutes(3));
        assertTrue(rig.model(LINK).outages(securedFrom, rig.clock.instant()).hitless());
        assertEquals("", rig.keys.leaks(r.toString(), dir.resolve("journal")));
    }

    @Test
    void sideBSessionDropAfterItsCommitTookEffectIsReadBackAndTheRolloverGoesOn() throws Exception {
        // The commit's answer was lost but it took effect: both ends hold the new key, so nothing is
        // removed — both pending commits are settled and the key goes into service as planned.
        r("r2").faults().dropSessionOn("commit", JunosFaults.DropPoint.AFTER_APPLY);
        expectDoneAndHitless(rig.rollover(LINK), "PLANNED", "PREFLIGHT", "FETCHED", "STAGED:a", "COMMIT:a", "STAGED:b",
                "FAILED!FAILED", "CONFIRMED:a", "CONFIRMED:b", "ACTIVE", "RETIRED:a", "RETIRED:b");
    }

    @Test
    void sideBSessionDropBeforeItsCommitTookEffectRemovesOurKeysFromSideA() throws Exception {
        r("r2").faults().dropSessionOn("commit", JunosFaults.DropPoint.BEFORE_APPLY);
        expect(rig.rollover(LINK), TxnState.ABORTED, Reason.SESSION_LOST,
                "COMMIT:a", "STAGED:b", "FAILED!FAILED", "COMPENSATED:a");
    }

    @Test
    void aConfirmWhoseAnswerWasLostIsReadBackNotAssumedRolledBack() throws Exception {
        r("r2").faults().dropSessionOn("commit-configuration", JunosFaults.DropPoint.AFTER_APPLY);
        expectDoneAndHitless(rig.rollover(LINK), "PLANNED", "PREFLIGHT", "FETCHED", "STAGED:a", "COMMIT:a", "STAGED:b", "COMMIT:b",
                "CONFIRMED:a", "FAILED!FAILED", "CONFIRMED:b", "ACTIVE", "RETIRED:a", "RETIRED:b");
    }

    @Test
    void clockSkewBeyondTheBoundIsRefusedByTheGate() throws Exception {
        r("r2").setClockSkew(Duration.ofSeconds(30));
        RolloverResult r = rig.rollover(LINK);
        r("r2").setClockSkew(Duration.ZERO);
        assertEquals(0, r.newCkns().size());
        expect(r, TxnState.ABORTED, Reason.CLOCK_SKEW, "PLANNED", "REFUSED!FAILED");
    }

    @Test
    void mkaThatNeverConfirmsPutsThePreviousKeyBack() throws Exception {
        r("r2").faults().mkaNeverConfirms(true);
        RolloverResult r = rig.rollover(LINK);
        r("r2").faults().mkaNeverConfirms(false);
        expect(r, TxnState.ABORTED, Reason.VERIFY_TIMEOUT, "CONFIRMED:b", "VERIFY!FAILED", "COMPENSATED:a", "COMPENSATED:b");
    }

    @Test
    void aRouterSlowedAfterItsPaceWasLearntMissesTheDeadlineOnceAndTheRolloverIsTriedAgain() throws Exception {
        // r2's commits take 40 s longer than the 3 s the controller learnt: r1's confirm window ends
        // before r2's commit does, so the first try stops (DEADLINE_MISSED, keys removed) and teaches the
        // lead; the engine tries once more at once, with a fresh key, and that fits.
        r("r2").faults().slowCommitOnLabClock(Duration.ofSeconds(25));
        RolloverResult r = rig.rollover(LINK);
        r("r2").faults().slowCommitOnLabClock(Duration.ZERO);
        assertEquals(TxnState.DONE, r.state(), r.toString());
        assertTrue(r.triedAgain(), r.toString());
        String prefix = "tried again after transaction ";
        String note = r.notes().stream().filter(n -> n.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(r.toString()));
        TxnRecord first = rig.runtime.journal().txn(note.substring(prefix.length()).split(" ")[0]).orElseThrow();
        assertEquals(TxnState.ABORTED, first.state());
        assertEquals(Optional.of(Reason.DEADLINE_MISSED.name()), first.reason());
        assertTrue(rig.runtime.journal().steps(first.id()).stream().anyMatch(s -> s.step().equals("PREPARATION_OVERRAN")));
        for (var k : first.keys()) {
            assertFalse(r("r1").committedConfigurationXml().contains(k.ckn()), "r1 kept the missed try's key");
            assertFalse(r("r2").committedConfigurationXml().contains(k.ckn()), "r2 kept the missed try's key");
        }
        assertTrue(r.lead().orElseThrow().compareTo(first.lead().orElseThrow()) > 0, "lead " + r.lead() + " after " + first.lead());
        assertTrue(r.newCkns().stream().allMatch(c -> r("r1").committedConfigurationXml().contains(c)));
        rig.scheduler.advance(Duration.ofMinutes(3));
        OutageTimeline o = rig.model(LINK).outages(securedFrom, rig.clock.instant());
        assertTrue(o.hitless(), "outage: " + o);
        assertEquals("", rig.keys.leaks(r.toString(), dir.resolve("journal")));
    }

    /**
     * engine.lead-margin is what a commit may take beyond the pace learnt for its router: a slowdown
     * past it can leave the slow end holding the new key at its start-time (25 s of the default 15 s
     * margin stays hitless, 30 s does not); a margin sized for the router's worst case keeps it hitless.
     */
    @Test
    void aSlowdownBeyondTheDefaultMarginIsHitlessWithAMarginSizedForIt() throws Exception {
        rig.keys.detach();
        rig.close();
        EngineConfig d = EngineConfig.defaults();
        rig = new LabRig(dir.resolve("wide"), new EngineConfig(d.skewBound(), Duration.ofSeconds(60), d.confirmWindow(),
                d.confirmSafety(), d.verifySettle(), d.verifyTimeout(), d.pollInterval(), d.maxConcurrent()));
        rig.keys.attach();
        assertEquals(TxnState.DONE, rig.rollover(LINK).state());
        rig.scheduler.advance(Duration.ofMinutes(3));
        securedFrom = rig.clock.instant();
        r("r2").faults().slowCommitOnLabClock(Duration.ofSeconds(40));
        RolloverResult r = rig.rollover(LINK);
        r("r2").faults().slowCommitOnLabClock(Duration.ZERO);
        assertEquals(TxnState.DONE, r.state(), r.toString());
        rig.scheduler.advance(Duration.ofMinutes(3));
        OutageTimeline o = rig.model(LINK).outages(securedFrom, rig.clock.instant());
        assertTrue(o.hitless(), "outage: " + o);
    }

    /** An operator's own --lead is not second-guessed: the miss is the answer. */
    @Test
    void aMissWithTheOperatorsLeadIsNotTriedAgain() throws Exception {
        r("r2").faults().slowCommitOnLabClock(Duration.ofSeconds(25));
        RolloverResult r = rig.run(new RolloverRequest(rig.link(LINK), true, Optional.of(Duration.ofSeconds(60)),
                RolloverRequest.Mode.EXECUTE));
        r("r2").faults().slowCommitOnLabClock(Duration.ZERO);
        assertFalse(r.triedAgain(), r.toString());
        expect(r, TxnState.ABORTED, Reason.DEADLINE_MISSED, "COMMIT:a", "PREPARATION_OVERRAN!FAILED");
    }

    /** Thrown from a step listener to stop the controller dead, as kill -9 would. */
    private static final class Killed extends Error {
        private static final long serialVersionUID = 1L;
    }

    private void killAt(String step, String side) {
        rig.runtime.events().onStep(e -> {
            if (e.step().equals(step) && e.side().orElse("").equals(side)) {
                throw new Killed();
            }
        });
    }

    private RolloverResult restartAndRecover() {
        rig.crash();
        rig.runtime = rig.newRuntime("test-2");
        List<CompletableFuture<RolloverResult>> recovered = rig.runtime.recover(t -> true);
        assertEquals(1, recovered.size());
        return rig.await(recovered.get(0));
    }

    @Test
    void controllerKilledAfterStagingSideAIsCompensatedFromTheJournal() throws Exception {
        killAt("COMMIT", "a");
        CompletableFuture<RolloverResult> f = rig.engine().submit(RolloverRequest.immediate(rig.link(LINK)));
        assertThrows(Killed.class, () -> rig.await(f));
        RolloverResult r = restartAndRecover();
        expect(r, TxnState.ABORTED, Reason.RECOVERED, "COMMIT:a", "RECOVERY", "COMPENSATED:a");
    }

    @Test
    void controllerKilledAfterBothConfirmationsIsFinishedFromTheJournal() throws Exception {
        killAt("PREPARED", "");
        CompletableFuture<RolloverResult> f = rig.engine().submit(RolloverRequest.immediate(rig.link(LINK)));
        assertThrows(Killed.class, () -> rig.await(f));
        RolloverResult r = restartAndRecover();
        assertEquals(TxnState.DONE, r.state(), r.toString());
        List<StepRecord> steps = rig.runtime.journal().steps(r.txnId().orElseThrow());
        assertTrue(steps.stream().anyMatch(s -> s.step().equals("RECOVERY")), steps.toString());
        assertTrue(steps.stream().anyMatch(s -> s.step().equals("ACTIVE")), steps.toString());
        rig.scheduler.advance(Duration.ofMinutes(3));
        OutageTimeline o = rig.model(LINK).outages(securedFrom, rig.clock.instant());
        assertTrue(o.hitless(), o.toString());
        assertEquals("", rig.keys.leaks(r.toString(), dir.resolve("journal")));
    }
}
