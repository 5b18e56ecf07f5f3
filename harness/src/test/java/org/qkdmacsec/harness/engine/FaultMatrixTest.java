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
