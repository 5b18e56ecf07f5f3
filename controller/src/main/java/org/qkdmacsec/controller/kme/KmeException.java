package org.qkdmacsec.controller.kme;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A KME call failed. Carries what kind of failure, the HTTP status and the KME's own {@code message}
 * when there was an answer, and whether keys may have been consumed at the KME. Never carries key
 * material.
 */
public final class KmeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** HTTP 400: the KME refused the request (also "keys exhausted" on some KMEs). */
        BAD_REQUEST,
        /** HTTP 401: the KME does not accept this SAE (client certificate, or keys of another SAE). */
        UNAUTHORIZED,
        /** HTTP 403 (QuKayDee: key expired). */
        FORBIDDEN,
        /** HTTP 404: no such endpoint or key (e.g. a KME without {@code /status}). */
        NOT_FOUND,
        /** HTTP 503: the KME is temporarily unavailable. */
        UNAVAILABLE,
        /** Another HTTP status. */
        HTTP_ERROR,
        /** No answer within the connect or read timeout. */
        TIMEOUT,
        /** The TLS handshake failed: untrusted or mismatched server certificate, refused client certificate. */
        TLS,
        /** The TCP connection could not be made. */
        CONNECT,
        /** The connection closed before a complete answer: the KME may have processed the request. */
        CONNECTION_LOST,
        /** The answer broke the protocol: bad JSON, bad base64, wrong key size or count, unexpected key_IDs, too large. */
        MALFORMED,
        /** The client could not be set up from the inventory (certificate, key or CA files). */
        CONFIG
    }

    private final Kind kind;
    private final String kme;
    private final String operation;
    private final OptionalInt httpStatus;
    private final String kmeMessage;
    private final boolean keysMayBeConsumed;

    KmeException(Kind kind, String kme, String operation, OptionalInt httpStatus, String kmeMessage,
                 boolean keysMayBeConsumed, String detail, Throwable cause) {
        super(render(kme, operation, httpStatus, kmeMessage, keysMayBeConsumed, detail), cause);
        this.kind = kind;
        this.kme = kme;
        this.operation = operation;
        this.httpStatus = httpStatus;
        this.kmeMessage = kmeMessage;
        this.keysMayBeConsumed = keysMayBeConsumed;
    }

    private static String render(String kme, String operation, OptionalInt status, String kmeMessage,
                                 boolean consumed, String detail) {
        StringBuilder sb = new StringBuilder("KME ").append(kme).append(": ").append(operation).append(": ");
        status.ifPresent(s -> sb.append("HTTP ").append(s).append(": "));
        sb.append(detail);
        if (kmeMessage != null) {
            sb.append(": ").append(kmeMessage);
        }
        if (consumed) {
            sb.append(" (the keys may already be consumed at this KME, which deletes a key once it delivers it;"
                    + " fetch fresh keys with enc_keys)");
        }
        return sb.toString();
    }

    public Kind kind() {
        return kind;
    }

    /** The inventory id of the KME. */
    public String kme() {
        return kme;
    }

    /** {@code status}, {@code enc_keys} or {@code dec_keys}, with the peer SAE. */
    public String operation() {
        return operation;
    }

    public OptionalInt httpStatus() {
        return httpStatus;
    }

    /** The {@code message} of the KME's error body (or its plain-text body), shortened and sanitised. */
    public Optional<String> kmeMessage() {
        return Optional.ofNullable(kmeMessage);
    }

    /**
     * True for {@code dec_keys} failures after the request may have reached the KME: the key may be gone,
     * so retrying the same key_ID is pointless; the rollover must start over with new keys.
     */
    public boolean keysMayBeConsumed() {
        return keysMayBeConsumed;
    }

    /** Whether trying again later can help (the status call retries these itself). */
    public boolean transientFailure() {
        return kind == Kind.UNAVAILABLE || kind == Kind.TIMEOUT || kind == Kind.CONNECT || kind == Kind.CONNECTION_LOST;
    }
}
