package org.qkdmacsec.controller.journal;

/** States of one rollover transaction (ARCHITECTURE.md "One rollover"). */
public enum TxnState {
    /** Accepted; preflight gates are being checked. */
    PLANNED,
    /** Keys fetched from both KMEs and compared; CKNs known. */
    FETCHED,
    /** New keys loaded and committed (awaiting confirmation) on one or both sides. */
    STAGED,
    /** Both commits confirmed before the start-time. */
    COMMITTED,
    /** Both ends report the new key as the live/primary CA. */
    ACTIVE,
    /** The previous key's slot is being removed after the overlap. */
    RETIRED,
    /** Finished: new key active on both ends, previous key removed. */
    DONE,
    /** Stopped before activation; our staged keys were removed; the old key is still active. */
    ABORTED,
    /** Stopped in a state that needs an operator (compensation could not complete). */
    FAILED;

    public boolean terminal() {
        return this == DONE || this == ABORTED || this == FAILED;
    }
}
