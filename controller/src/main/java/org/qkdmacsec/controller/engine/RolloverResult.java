package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qkdmacsec.controller.journal.TxnState;

/**
 * How a transaction ended.
 *
 * @param txnId      journal id (empty for dry runs)
 * @param linkId     link
 * @param state      DONE, ABORTED or FAILED
 * @param reason     named reason when not DONE (or a DONE with a note, e.g. RECOVERED)
 * @param message    one line for operators (never key material)
 * @param newCkns    CKNs the transaction added
 * @param start      activation instant of the first new key
 * @param lead       the lead used
 * @param duration   controller time from start of transaction to its end
 * @param diffs      dry run: each device's configuration diff (secrets masked)
 * @param notes      things an operator should know (bootstrap, emergency revert, retire deferred)
 */
public record RolloverResult(Optional<String> txnId, String linkId, TxnState state, Optional<Reason> reason,
                             String message, List<String> newCkns, Optional<Instant> start, Optional<Duration> lead,
                             Duration duration, Map<String, String> diffs, List<String> notes) {
    public RolloverResult {
        newCkns = List.copyOf(newCkns);
        diffs = Map.copyOf(diffs);
        notes = List.copyOf(notes);
    }

    /** How the note of a rollover tried a second time begins (its first try missed its deadline, changing nothing). */
    static final String TRIED_AGAIN = "tried again after transaction ";

    public boolean ok() {
        return state == TxnState.DONE;
    }

    /** The same result with {@code note} added to its notes. */
    RolloverResult withNote(String note) {
        List<String> more = new java.util.ArrayList<>(notes);
        more.add(note);
        return new RolloverResult(txnId, linkId, state, reason, message, newCkns, start, lead, duration, diffs, more);
    }

    /** Whether this is a second try's result ({@link RolloverEngine#submit}). */
    public boolean triedAgain() {
        return notes.stream().anyMatch(n -> n.startsWith(TRIED_AGAIN));
    }
}
