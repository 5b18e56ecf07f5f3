package org.qkdmacsec.controller.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.controller.engine.KeyRingPlanner.EndMove;
import org.qkdmacsec.controller.engine.KeyRingPlanner.NewSlot;
import org.qkdmacsec.spi.KeySlot;

class KeyRingPlannerTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration LEAD = Duration.ofSeconds(90);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration OVERLAP = Duration.ofSeconds(20);

    private static KeySlot slot(String ckn, Instant start, Instant end) {
        return new KeySlot(ckn, ckn, Optional.of(start), Optional.ofNullable(end));
    }

    @Test
    void bootstrapImmediateStagesTheNewKeyPlusTopUp() {
        var p = KeyRingPlanner.plan(List.of(), NOW, NOW.plus(LEAD), true, 2, HOUR, OVERLAP, false);
        assertEquals(List.of(new NewSlot(NOW.plus(LEAD), Optional.empty()),
                new NewSlot(NOW.plus(LEAD).plus(HOUR), Optional.empty())), p.adds());
        assertTrue(p.active().isEmpty());
    }

    @Test
    void immediateRolloverInsertsBeforeExistingFutureKeysAndTouchesNothingElse() {
        var active = slot("k0", NOW.minus(HOUR), null);
        var f1 = slot("k1", NOW.plus(Duration.ofMinutes(30)), null);
        var f2 = slot("k2", NOW.plus(Duration.ofMinutes(90)), null);
        var p = KeyRingPlanner.plan(List.of(active, f1, f2), NOW, NOW.plus(LEAD), true, 2, HOUR, OVERLAP, false);
        assertEquals(List.of(new NewSlot(NOW.plus(LEAD), Optional.empty())), p.adds());
        assertTrue(p.endMoves().isEmpty());
        assertEquals(Optional.of(active), p.active());
    }

    @Test
    void anImmediateKeyNeverSharesItsStartWithAnExistingKey() {
        var active = slot("k0", NOW.minus(HOUR), null);
        var f1 = slot("k1", NOW.plus(LEAD), null);
        var f2 = slot("k2", NOW.plus(LEAD).plusSeconds(1), null);
        var p = KeyRingPlanner.plan(List.of(active, f1, f2), NOW, NOW.plus(LEAD), true, 2, HOUR, OVERLAP, false);
        assertEquals(List.of(new NewSlot(NOW.plus(LEAD).plusSeconds(2), Optional.empty())), p.adds());
    }

    @Test
    void scheduledRunAppendsOneIntervalAfterTheLastKey() {
        var active = slot("k0", NOW.minus(Duration.ofMinutes(10)), null);
        var f1 = slot("k1", NOW.plus(Duration.ofMinutes(50)), null);
        var p = KeyRingPlanner.plan(List.of(active, f1), NOW, NOW.plus(LEAD), false, 2, HOUR, OVERLAP, false);
        assertEquals(List.of(new NewSlot(NOW.plus(Duration.ofMinutes(110)), Optional.empty())), p.adds());
    }

    @Test
    void scheduledRunAfterALongOutageStartsNoEarlierThanTheLead() {
        var stale = slot("k0", NOW.minus(Duration.ofDays(3)), null);
        var p = KeyRingPlanner.plan(List.of(stale), NOW, NOW.plus(LEAD), false, 2, HOUR, OVERLAP, false);
        assertEquals(NOW.plus(LEAD), p.adds().get(0).start());
        assertEquals(NOW.plus(LEAD).plus(HOUR), p.adds().get(1).start());
    }

    @Test
    void lifetimeDevicesChainEndsSoConsecutiveKeysOverlap() {
        // IOS-XR: the open-ended active key gets an end 'overlap' after its new successor starts;
        // the new key is open-ended as the last of the ring.
        var active = slot("k0", NOW.minus(HOUR), null);
        var p = KeyRingPlanner.plan(List.of(active), NOW, NOW.plus(LEAD), true, 1, HOUR, OVERLAP, true);
        assertEquals(List.of(new NewSlot(NOW.plus(LEAD), Optional.empty())), p.adds());
        assertEquals(List.of(new EndMove("k0", NOW.plus(LEAD).plus(OVERLAP))), p.endMoves());
    }

    @Test
    void lifetimeInsertBeforeAFutureKeyEndsAfterThatKeyStartsAndLeavesOthersAlone() {
        var active = slot("k0", NOW.minus(HOUR), NOW.plus(Duration.ofMinutes(30)).plus(OVERLAP));
        var f1 = slot("k1", NOW.plus(Duration.ofMinutes(30)), null);
        var p = KeyRingPlanner.plan(List.of(active, f1), NOW, NOW.plus(LEAD), true, 1, HOUR, OVERLAP, true);
        assertEquals(List.of(new NewSlot(NOW.plus(LEAD), Optional.of(NOW.plus(Duration.ofMinutes(30)).plus(OVERLAP)))), p.adds());
        assertTrue(p.endMoves().isEmpty(), "k0 already ends after its new successor starts: " + p.endMoves());
    }

    @Test
    void lifetimeGapIsClosedByMovingTheEndLater() {
        var active = slot("k0", NOW.minus(HOUR), NOW.plus(Duration.ofSeconds(30)));
        var p = KeyRingPlanner.plan(List.of(active), NOW, NOW.plus(LEAD), true, 1, HOUR, OVERLAP, true);
        assertEquals(List.of(new EndMove("k0", NOW.plus(LEAD).plus(OVERLAP))), p.endMoves());
    }

    @Test
    void retireOnlyOurConsumedKeysAfterTheOverlap() {
        var old = slot("k0", NOW.minus(HOUR), null);
        var foreign = slot("f0", NOW.minus(Duration.ofHours(2)), null);
        var justReplaced = slot("k1", NOW.minus(Duration.ofSeconds(30)), null);
        var active = slot("k2", NOW.minus(Duration.ofSeconds(10)), null);
        var future = slot("k3", NOW.plus(HOUR), null);
        var slots = List.of(foreign, old, justReplaced, active, future);
        Set<String> ours = Set.of("k0", "k1", "k2", "k3");
        // k0 was replaced by k1 30 s ago (> 20 s overlap); k1 was replaced by k2 10 s ago (< overlap).
        assertEquals(List.of(old), KeyRingPlanner.retirable(slots, NOW, OVERLAP, ours));
        assertEquals(List.of(old, justReplaced), KeyRingPlanner.retirable(slots, NOW.plusSeconds(15), OVERLAP, ours));
    }

    @Test
    void activeIsLatestStartNotAfterNowWithinLifetime() {
        var a = slot("a", NOW.minus(HOUR), null);
        var b = slot("b", NOW.minus(Duration.ofMinutes(5)), NOW.minus(Duration.ofMinutes(1)));
        assertEquals(Optional.of(a), KeyRingPlanner.active(List.of(a, b), NOW));
    }
}
