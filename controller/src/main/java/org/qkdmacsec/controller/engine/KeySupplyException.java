package org.qkdmacsec.controller.engine;

/** Keys could not be had; {@link #reason()} names why for the journal and alarms. */
public class KeySupplyException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    public KeySupplyException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public KeySupplyException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
