package org.qkdmacsec.controller.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.controller.engine.Reason;
import org.qkdmacsec.controller.journal.TxnKey;
import org.qkdmacsec.controller.journal.SideProgress;
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.controller.journal.TxnState;

class LinkHealthTest {
    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    static final DaemonConfig.Resilience POLICY = new DaemonConfig.Resilience(3, Duration.ofMinutes(1), Duration.ofMinutes(10));

    /** Newest first, as Journal#history returns them; ended at T0 + minute. */
    private final List<TxnRecord> history = new ArrayList<>();

    private void add(int minute, TxnState state, Reason reason, TxnKey... keys) {
        Instant at = T0.plus(Duration.ofMinutes(minute));
        history.add(0, new TxnRecord("t" + minute, "l1", state, "me", at, at, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.ofNullable(reason).map(Enum::name), Optional.empty(), List.of(keys),
                SideProgress.NONE, SideProgress.NONE, List.of()));
    }

    @Test
    void holdDownStartsAtTheThresholdAndDoublesUpToTheMaximum() {
        add(0, TxnState.DONE, null);
        add(1, TxnState.ABORTED, Reason.ENC_KME_FAILED);
        add(2, TxnState.ABORTED, Reason.KME_UNAVAILABLE);
        assertEquals(Optional.empty(), LinkHealth.of(history, T0.plusSeconds(200)).holdDownUntil(POLICY), "two failures: no hold-down yet");
        add(3, TxnState.ABORTED, Reason.DEC_KME_FAILED);
        LinkHealth h = LinkHealth.of(history, T0.plusSeconds(200));
        assertEquals(3, h.kmeFailures());
        assertEquals(Optional.of(T0.plus(Duration.ofMinutes(4))), h.holdDownUntil(POLICY), "1 min after the third");
        add(5, TxnState.ABORTED, Reason.KME_EXHAUSTED);
        assertEquals(Optional.of(T0.plus(Duration.ofMinutes(7))), LinkHealth.of(history, T0).holdDownUntil(POLICY), "2 min after the fourth");
        add(8, TxnState.ABORTED, Reason.KME_UNAUTHORIZED);
        assertEquals(Optional.of(T0.plus(Duration.ofMinutes(12))), LinkHealth.of(history, T0).holdDownUntil(POLICY), "4 min after the fifth");
        add(13, TxnState.ABORTED, Reason.KEYS_DIFFER);
        assertEquals(Optional.of(T0.plus(Duration.ofMinutes(21))), LinkHealth.of(history, T0).holdDownUntil(POLICY), "8 min after the sixth");
        add(22, TxnState.ABORTED, Reason.KME_INVALID_RESPONSE);
        // 16 min after the seventh, capped at 10.
        assertEquals(Optional.of(T0.plus(Duration.ofMinutes(32))), LinkHealth.of(history, T0).holdDownUntil(POLICY));
        add(31, TxnState.ABORTED, Reason.ENC_KME_FAILED);
        assertEquals(Optional.of(T0.plus(Duration.ofMinutes(41))), LinkHealth.of(history, T0).holdDownUntil(POLICY));
    }

    @Test
    void aSuccessOrAnotherFailureEndsTheKmeChainWhileBusyRefusalsDoNot() {
        add(1, TxnState.ABORTED, Reason.ENC_KME_FAILED);
        add(2, TxnState.ABORTED, Reason.ENC_KME_FAILED);
        add(3, TxnState.ABORTED, Reason.LINK_BUSY);
        add(4, TxnState.PLANNED, null);
        add(5, TxnState.ABORTED, Reason.ENC_KME_FAILED);
        assertEquals(3, LinkHealth.of(history, T0).kmeFailures(), "busy refusals and runs in flight are neutral");
        add(6, TxnState.DONE, null);
        assertEquals(0, LinkHealth.of(history, T0).kmeFailures());
        add(7, TxnState.ABORTED, Reason.ENC_KME_FAILED);
        add(8, TxnState.ABORTED, Reason.DEVICE_UNREACHABLE);
        assertEquals(0, LinkHealth.of(history, T0).kmeFailures(), "the newest failure was not the KME's");
    }

    @Test
    void blockedSinceIsTheOldestGateRefusalAfterTheLastSuccess() {
        add(0, TxnState.DONE, null);
        add(1, TxnState.ABORTED, Reason.CLOCK_SKEW);
        add(2, TxnState.ABORTED, Reason.MKA_NOT_SECURED);
        LinkHealth h = LinkHealth.of(history, T0);
        assertEquals(Optional.of(T0.plus(Duration.ofMinutes(1))), h.blockedSince());
        assertEquals(Optional.of(Reason.MKA_NOT_SECURED), h.blockedBy());
        add(3, TxnState.DONE, null);
        assertTrue(LinkHealth.of(history, T0).blockedSince().isEmpty());
    }

    @Test
    void theNewestKeyInServiceComesFromTransactionsThatPutKeysInPlace() {
        Instant now = T0.plus(Duration.ofMinutes(30));
        add(0, TxnState.DONE, null, new TxnKey(0, "k0", "c0", T0.plusSeconds(60), Optional.empty()),
                new TxnKey(1, "k1", "c1", T0.plus(Duration.ofMinutes(20)), Optional.empty()),
                new TxnKey(2, "k2", "c2", T0.plus(Duration.ofMinutes(40)), Optional.empty()));
        add(10, TxnState.ABORTED, Reason.STAGE_FAILED, new TxnKey(0, "k3", "c3", T0.plus(Duration.ofMinutes(25)), Optional.empty()));
        // k3 was removed when its transaction aborted; k2 starts in the future.
        assertEquals(Optional.of(T0.plus(Duration.ofMinutes(20))), LinkHealth.of(history, now).newestKeyStart());
    }
}
