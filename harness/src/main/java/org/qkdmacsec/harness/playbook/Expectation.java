package org.qkdmacsec.harness.playbook;

import org.qkdmacsec.controller.engine.Reason;
import org.qkdmacsec.controller.journal.TxnState;

/** A rollover that must end this way: ABORTED (or FAILED) with this reason. */
public record Expectation(TxnState state, Reason reason) {
    @Override
    public String toString() {
        return state + " " + reason;
    }
}
