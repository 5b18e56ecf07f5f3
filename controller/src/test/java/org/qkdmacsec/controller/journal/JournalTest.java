package org.qkdmacsec.controller.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T10:00:00Z"));

    @Test
    void transactionLifecycleSurvivesReopen() {
        String id;
        try (JournalDatabase db = JournalDatabase.embedded(dir)) {
            Journal j = new Journal(db, clock, "test-1");
            TxnRecord t = j.begin("r1-r2", Optional.of("aa".repeat(32)));
            id = t.id();
            assertEquals(TxnState.PLANNED, t.state());
            j.plan(id, clock.instant().plusSeconds(90), Duration.ofSeconds(90), Duration.ofSeconds(60), Optional.of("aa".repeat(32)));
            j.keys(id, List.of(new TxnKey(0, "5b0f3f5e-1111-4c3e-9a0e-2d3c1c1d0e01", "bb".repeat(32),
                    clock.instant().plusSeconds(90), Optional.empty())), List.of(new TxnEndMove("a", "aa".repeat(32),
                    Optional.empty(), Optional.of(clock.instant().plusSeconds(150)))));
            j.side(id, "a", SideProgress.COMMITTED);
            clock.advance(Duration.ofSeconds(2));
            j.step(id, "FETCHED", Optional.empty(), Optional.of(Duration.ofMillis(120)), "OK", Optional.of("1 key"));
            j.step(id, "STAGED", Optional.of("a"), Optional.of(Duration.ofMillis(300)), "OK", Optional.empty());
            j.state(id, TxnState.STAGED);
        }
        try (JournalDatabase db = JournalDatabase.embedded(dir)) {
            Journal j = new Journal(db, clock, "test-2");
            List<TxnRecord> open = j.unfinished();
            assertEquals(1, open.size());
            TxnRecord t = open.get(0);
            assertEquals(id, t.id());
            assertEquals(TxnState.STAGED, t.state());
            assertEquals("test-1", t.owner());
            assertEquals(Optional.of(Duration.ofSeconds(90)), t.lead());
            assertEquals("bb".repeat(32), t.keys().get(0).ckn());
            assertEquals(SideProgress.COMMITTED, t.sideA());
            assertEquals(SideProgress.NONE, t.sideB());
            assertEquals(List.of(new TxnEndMove("a", "aa".repeat(32), Optional.empty(), Optional.of(clock.instant().minusSeconds(2)
                    .plusSeconds(150)))), t.endMoves());
            assertEquals(java.util.Set.of("bb".repeat(32)), j.ownCkns("r1-r2"));
            List<StepRecord> steps = j.steps(id);
            assertEquals(List.of("FETCHED", "STAGED"), steps.stream().map(StepRecord::step).toList());
            assertEquals(Optional.of("a"), steps.get(1).side());

            j.finish(id, TxnState.ABORTED, Optional.of("DEC_KME_UNAUTHORIZED"), Optional.of("kme-b: 401"));
            assertTrue(j.unfinished().isEmpty());
            assertEquals(TxnState.ABORTED, j.txn(id).orElseThrow().state());
            assertEquals(Optional.of("DEC_KME_UNAUTHORIZED"), j.history("r1-r2", 5).get(0).reason());
        }
    }

    @Test
    void linkStateUpsertsAndAuditIsNewestFirst() {
        try (JournalDatabase db = JournalDatabase.embedded(dir)) {
            Journal j = new Journal(db, clock, "t");
            var s = new LinkStateRecord("l1", Optional.of("cc".repeat(32)), Optional.of("k1"), Optional.of(clock.instant()),
                    Optional.empty(), 2, Optional.empty(), Optional.of("DONE"), Optional.empty(), Optional.of(clock.instant()), clock.instant());
            j.linkState(s);
            j.linkState(new LinkStateRecord("l1", Optional.of("dd".repeat(32)), Optional.of("k2"), Optional.of(clock.instant()),
                    Optional.empty(), 2, Optional.empty(), Optional.of("DONE"), Optional.empty(), Optional.of(clock.instant()), clock.instant()));
            assertEquals(1, j.linkStates().size());
            assertEquals(Optional.of("dd".repeat(32)), j.linkState("l1").orElseThrow().activeCkn());

            j.audit(Optional.of("l1"), Optional.empty(), "ALARM", "first");
            j.audit(Optional.of("l1"), Optional.empty(), "ALARM", "second");
            assertEquals(List.of("second", "first"), j.auditEvents(Optional.of("l1"), 10).stream().map(AuditEvent::message).toList());
        }
    }

    @Test
    void preparationTimesFeedTheAdaptiveLead() {
        try (JournalDatabase db = JournalDatabase.embedded(dir)) {
            Journal j = new Journal(db, clock, "t");
            for (int i = 1; i <= 3; i++) {
                String id = j.begin("l1", Optional.empty()).id();
                clock.advance(Duration.ofSeconds(1));
                j.step(id, "PREPARED", Optional.empty(), Optional.of(Duration.ofSeconds(i)), "OK", Optional.empty());
                j.prepared(id);
            }
            assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(2)), j.recentPreparationTimes("l1", 2));
        }
    }

    @Test
    void theDatabaseLetsOneTransactionAtATimePrepareALink() {
        try (JournalDatabase db = JournalDatabase.embedded(dir)) {
            Journal one = new Journal(db, clock, "process-1");
            Journal two = new Journal(db, clock, "process-2");
            String first = one.begin("l1", Optional.empty()).id();
            LinkBusyException busy = assertThrows(LinkBusyException.class, () -> two.begin("l1", Optional.empty()));
            assertEquals(first, busy.holderTxnId());
            assertEquals("process-1", busy.holderOwner());
            two.begin("l2", Optional.empty());
            one.prepared(first);
            String second = two.begin("l1", Optional.empty()).id();
            two.finish(second, TxnState.ABORTED, Optional.of("X"), Optional.empty());
            assertTrue(one.preparingTxn("l1").isEmpty());
            one.begin("l1", Optional.empty());
        }
    }

    @Test
    void onlyOneInstanceTakesOverADeadOwnersTransactionAndTheOwnerIsFencedOff() {
        try (JournalDatabase db = JournalDatabase.embedded(dir)) {
            Journal dead = new Journal(db, clock, "dead");
            Journal a = new Journal(db, clock, "a");
            Journal b = new Journal(db, clock, "b");
            String id = dead.begin("l1", Optional.empty()).id();
            assertTrue(dead.owns(id));
            assertTrue(a.takeOver(id, "dead"));
            assertFalse(b.takeOver(id, "dead"));
            assertTrue(a.owns(id));
            assertFalse(dead.owns(id));
            assertEquals(Optional.of(id), b.preparingTxn("l1"));
        }
    }

    @Test
    void aRefusalIsJournalledWithoutClaimingTheLink() {
        try (JournalDatabase db = JournalDatabase.embedded(dir)) {
            Journal j = new Journal(db, clock, "t");
            TxnRecord r = j.refused("l1", "LINK_BUSY", "busy");
            assertEquals(TxnState.ABORTED, r.state());
            assertEquals(Optional.of("LINK_BUSY"), r.reason());
            assertTrue(j.preparingTxn("l1").isEmpty());
        }
    }
}
