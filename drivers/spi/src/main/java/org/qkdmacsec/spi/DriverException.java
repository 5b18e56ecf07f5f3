package org.qkdmacsec.spi;

/**
 * A failure talking to or configuring a device, typed so the engine can decide between retrying,
 * compensating and giving up. Messages name the device and quote the device's own error text; they
 * never contain key material or credentials.
 */
public class DriverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** TCP connect failed or was refused. */
        CONNECT,
        /** Authentication rejected. */
        AUTH,
        /** The device's host key is unknown or differs from the pinned one. */
        HOST_KEY,
        /** No answer within the per-operation timeout. */
        TIMEOUT,
        /** The session ended unexpectedly (the outcome of an in-flight change is unknown). */
        SESSION_LOST,
        /** The device returned an error for a request (rpc-error, gRPC status, CLI error). */
        DEVICE_ERROR,
        /** The configuration database is locked by someone else. */
        LOCKED,
        /** A commit was refused or failed. */
        COMMIT_FAILED,
        /** The device's answer did not parse or did not make sense. */
        PROTOCOL,
        /** The device or driver cannot do what was asked. */
        UNSUPPORTED,
        /** The request was refused before it reached the device (bad plan). */
        INVALID_REQUEST
    }

    private final Kind kind;
    private final String device;

    public DriverException(Kind kind, String device, String message) {
        super(device + ": " + message);
        this.kind = kind;
        this.device = device;
    }

    public DriverException(Kind kind, String device, String message, Throwable cause) {
        super(device + ": " + message, cause);
        this.kind = kind;
        this.device = device;
    }

    public Kind kind() {
        return kind;
    }

    public String device() {
        return device;
    }
}
