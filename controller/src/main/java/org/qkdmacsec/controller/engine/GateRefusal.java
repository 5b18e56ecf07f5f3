package org.qkdmacsec.controller.engine;

/** A step refused to continue for a named reason (gate, check, device error). */
final class GateRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    GateRefusal(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    GateRefusal(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
