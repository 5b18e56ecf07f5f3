package org.qkdmacsec.controller.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A transaction as the journal holds it: the explicit record compensation and recovery decide from —
 * state, how far each side got, the keys added and the end-times moved.
 *
 * @param sideA    progress on the link's side A
 * @param sideB    progress on side B
 * @param endMoves end-times moved on devices with key lifetimes (to restore on abort or revert)
 */
public record TxnRecord(String id, String linkId, TxnState state, String owner, Instant createdAt,
                        Instant updatedAt, Optional<Instant> startTime, Optional<Duration> lead,
                        Optional<Duration> confirmWindow, Optional<String> previousCkn,
                        Optional<String> reason, Optional<String> error, List<TxnKey> keys,
                        SideProgress sideA, SideProgress sideB, List<TxnEndMove> endMoves) {
    public TxnRecord {
        keys = List.copyOf(keys);
        endMoves = List.copyOf(endMoves);
    }

    /** Progress on side {@code a} or {@code b}. */
    public SideProgress side(String side) {
        return switch (side) {
            case "a" -> sideA;
            case "b" -> sideB;
            default -> throw new IllegalArgumentException("side must be a or b: " + side);
        };
    }

    /** The CKNs this transaction added, in key order. */
    public List<String> ckns() {
        return keys.stream().map(TxnKey::ckn).toList();
    }

    public TxnRecord withState(TxnState next) {
        return new TxnRecord(id, linkId, next, owner, createdAt, updatedAt, startTime, lead, confirmWindow, previousCkn, reason,
                error, keys, sideA, sideB, endMoves);
    }

    public TxnRecord withSide(String side, SideProgress progress) {
        return new TxnRecord(id, linkId, state, owner, createdAt, updatedAt, startTime, lead, confirmWindow, previousCkn, reason,
                error, keys, side.equals("a") ? progress : sideA, side.equals("b") ? progress : sideB, endMoves);
    }

    public TxnRecord withPlan(Instant start, Duration leadUsed, Duration window, Optional<String> previous, List<TxnKey> newKeys,
                              List<TxnEndMove> moves) {
        return new TxnRecord(id, linkId, state, owner, createdAt, updatedAt, Optional.of(start), Optional.of(leadUsed),
                Optional.of(window), previous, reason, error, newKeys, sideA, sideB, moves);
    }
}
