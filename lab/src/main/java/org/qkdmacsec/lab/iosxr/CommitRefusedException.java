package org.qkdmacsec.lab.iosxr;

/** A commit the router refused before looking at its content: a lock, a pending trial, an injected fault. */
final class CommitRefusedException extends Exception {
    enum Reason { LOCKED, TRIAL_PENDING, NO_TRIAL, FAULT }

    private final Reason reason;

    CommitRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
