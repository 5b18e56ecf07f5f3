package org.qkdmacsec.controller.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.qkdmacsec.controller.journal.LinkStateRecord;
import org.qkdmacsec.controller.journal.StepRecord;
import org.qkdmacsec.controller.journal.TxnRecord;

/** What the HTTP API shows and does; the daemon implements it. */
public interface ApiBackend {
    /** Ready to schedule: the scheduler runs, the journal answers, not shutting down. */
    Readiness readiness();

    /** Every link of the inventory in force, in file order. */
    List<LinkStatus> links();

    Optional<LinkStatus> link(String id);

    /** The link's newest transactions with their steps, newest first; empty when the link is unknown. */
    Optional<List<TxnHistory>> history(String id, int limit);

    /** Starts an operator rollover of one link now (a fresh key at now + lead). */
    RolloverAccepted rollover(String id);

    /** The Prometheus exposition of every meter. */
    String scrape();

    record Readiness(boolean ready, Map<String, String> checks) { }

    /**
     * @param a             side A as {@code device:interface}
     * @param state         what the journal last recorded (empty: never rolled)
     * @param inProgress    the unfinished transaction, if any (this instance or another)
     * @param holdDownUntil end of a KME hold-down in force
     * @param alarms        condition alarms in force (KEY_AGE, GATE_BLOCKED)
     */
    record LinkStatus(String id, String a, String b, Duration interval, Duration jitter, Optional<Instant> nextRun,
                      Optional<LinkStateRecord> state, Optional<TxnRecord> inProgress, int kmeFailures, Optional<Instant> holdDownUntil,
                      Set<String> alarms) { }

    record TxnHistory(TxnRecord txn, List<StepRecord> steps) { }

    /** The outcome of a rollover request. */
    record RolloverAccepted(Outcome outcome, Optional<String> txnId, String message) {
        public enum Outcome { ACCEPTED, NOT_FOUND, CONFLICT, UNAVAILABLE }
    }
}
