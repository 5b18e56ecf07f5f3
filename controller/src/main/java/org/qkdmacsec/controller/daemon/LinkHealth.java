package org.qkdmacsec.controller.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.qkdmacsec.controller.engine.Reason;
import org.qkdmacsec.controller.journal.TxnKey;
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.controller.journal.TxnState;

/**
 * What a link's recent transactions say about it, read from the journal (so every HA instance and a
 * restarted one come to the same answer): consecutive KME failures and the hold-down they impose, how
 * long a gate has been blocking it, and when its newest key started. Pure.
 *
 * @param kmeFailures     consecutive transactions that failed for a KME reason, newest first
 * @param lastKmeFailure  when the newest of those ended
 * @param blockedSince    when the oldest of the gate refusals since the last success ended
 * @param blockedBy       the newest gate refusal's reason
 * @param newestKeyStart  the latest start-time, not after now, of a key a transaction put in place
 */
record LinkHealth(int kmeFailures, Optional<Instant> lastKmeFailure, Optional<Instant> blockedSince, Optional<Reason> blockedBy,
                  Optional<Instant> newestKeyStart) {
    /** Failures of the key supply: a hold-down stops asking. */
    static final Set<Reason> KME = EnumSet.of(Reason.KME_UNAVAILABLE, Reason.KME_EXHAUSTED, Reason.ENC_KME_FAILED, Reason.DEC_KME_FAILED,
            Reason.KME_UNAUTHORIZED, Reason.KME_INVALID_RESPONSE, Reason.KEYS_DIFFER);
    /** Preflight gates (all but "busy"): conditions that stop a rollover before anything is touched. */
    static final Set<Reason> GATES = EnumSet.of(Reason.DEVICE_UNREACHABLE, Reason.CLOCK_SKEW, Reason.NTP_UNSYNCHRONISED,
            Reason.ACTIVE_KEY_DIFFERS, Reason.FUTURE_KEYS_DIFFER, Reason.MKA_NOT_SECURED, Reason.ACTIVATION_MISMATCH,
            Reason.KME_UNAVAILABLE, Reason.KME_EXHAUSTED);
    /** States in which a transaction's keys are (or were) in service on both ends. */
    private static final Set<TxnState> KEYS_IN_PLACE = EnumSet.of(TxnState.COMMITTED, TxnState.ACTIVE, TxnState.RETIRED, TxnState.DONE);

    /** @param history a link's transactions, newest first (Journal#history) */
    static LinkHealth of(List<TxnRecord> history, Instant now) {
        int kme = 0;
        Instant lastKme = null;
        boolean kmeChain = true;
        Instant blocked = null;
        Reason blockedBy = null;
        boolean gateChain = true;
        Instant newestKey = null;
        for (TxnRecord t : history) {
            if (KEYS_IN_PLACE.contains(t.state())) {
                for (TxnKey k : t.keys()) {
                    if (!k.start().isAfter(now) && (newestKey == null || k.start().isAfter(newestKey))) {
                        newestKey = k.start();
                    }
                }
            }
            Optional<Reason> r = t.reason().flatMap(LinkHealth::parse);
            boolean neutral = r.filter(x -> x == Reason.LINK_BUSY || x == Reason.RECOVERED).isPresent();
            if (!t.state().terminal() || t.state() != TxnState.DONE && neutral) {
                continue; // in flight, or a refusal/recovery that says nothing about the link itself
            }
            boolean failed = t.state() != TxnState.DONE;
            if (kmeChain && failed && r.filter(KME::contains).isPresent()) {
                kme++;
                lastKme = lastKme == null ? t.updatedAt() : lastKme;
            } else {
                kmeChain = false;
            }
            if (gateChain && failed && r.filter(GATES::contains).isPresent()) {
                blocked = t.updatedAt();
                blockedBy = blockedBy == null ? r.get() : blockedBy;
            } else {
                gateChain = false;
            }
        }
        return new LinkHealth(kme, Optional.ofNullable(lastKme), Optional.ofNullable(blocked), Optional.ofNullable(blockedBy),
                Optional.ofNullable(newestKey));
    }

    /** The end of the hold-down these failures impose, if any: {@code holdDown × 2^(failures − threshold)}, capped. */
    Optional<Instant> holdDownUntil(DaemonConfig.Resilience policy) {
        if (kmeFailures < policy.kmeFailures() || lastKmeFailure.isEmpty()) {
            return Optional.empty();
        }
        int doublings = Math.min(30, kmeFailures - policy.kmeFailures());
        Duration d = policy.holdDown().multipliedBy(1L << doublings);
        if (d.compareTo(policy.holdDownMax()) > 0) {
            d = policy.holdDownMax();
        }
        return Optional.of(lastKmeFailure.get().plus(d));
    }

    private static Optional<Reason> parse(String name) {
        try {
            return Optional.of(Reason.valueOf(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // DRY_RUN and other non-failure notes
        }
    }
}
