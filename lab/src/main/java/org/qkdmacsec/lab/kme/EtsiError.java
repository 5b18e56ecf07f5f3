package org.qkdmacsec.lab.kme;

import java.util.List;

/**
 * A request the KME refuses: the HTTP status and the ETSI error body ({@code message}, optional
 * {@code details}, each detail naming the field and the problem). Messages name SAEs, key_IDs and
 * limits, never key material.
 */
final class EtsiError extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient List<Wire.Detail> details;

    EtsiError(int status, String message, List<Wire.Detail> details) {
        super(message, null, false, false);
        this.status = status;
        this.details = List.copyOf(details);
    }

    EtsiError(int status, String message) {
        this(status, message, List.of());
    }

    static EtsiError badRequest(String message, List<Wire.Detail> details) {
        return new EtsiError(400, message, details);
    }

    static EtsiError unauthorized(String message) {
        return new EtsiError(401, message);
    }

    int status() {
        return status;
    }

    Wire.Error body() {
        return new Wire.Error(getMessage(), details.isEmpty() ? null : details);
    }
}
