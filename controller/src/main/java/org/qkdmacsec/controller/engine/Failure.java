package org.qkdmacsec.controller.engine;

/**
 * A step cannot go on, for a named reason (a gate, a check, a device or KME error). {@code keysUsable}
 * says whether the keys already staged may still be put in service when both ends turn out to hold them
 * (a lost answer, a session drop) or must be removed whatever the devices hold (a start-time read back
 * wrong, a device clock off, MKA never securing the new key).
 */
final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Reason reason;
    private final boolean keysUsable;

    Failure(Reason reason, String message) {
        this(reason, message, true, null);
    }

    Failure(Reason reason, String message, Throwable cause) {
        this(reason, message, true, cause);
    }

    Failure(Reason reason, String message, boolean keysUsable, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.keysUsable = keysUsable;
    }

    /** The same failure, with the staged keys marked unusable. */
    static Failure keysUnusable(Reason reason, String message) {
        return new Failure(reason, message, false, null);
    }

    Reason reason() {
        return reason;
    }

    boolean keysUsable() {
        return keysUsable;
    }
}
