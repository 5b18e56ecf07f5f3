package org.qkdmacsec.controller.kme;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

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

    /** Whether the request reached the KME, as far as the client can tell. */
    public enum Delivery {
        /** Nothing was sent (no connection, TLS refused, client set-up): the KME cannot have acted on it. */
        NOT_SENT("the request was not sent"),
        /** The KME answered (an HTTP status): it acted as its answer says. */
        ANSWERED(""),
        /** The request was sent and no complete answer came: the KME may have processed it. */
        UNKNOWN("the request was sent and may have been processed by the KME");

        private final String words;

        Delivery(String words) {
            this.words = words;
        }

        /** How an error message says it ("" for an answer). */
        public String words() {
            return words;
        }
    }

    /**
     * How KMEs word "not enough keys yet; nothing was handed out": a next-door-key-simulator KME
     * (CreepPork/next-door-key-simulator, router/external.py) answers 400 "The requested key amount exceeds
     * the generated key count. Try again later."; QuKayDee and our lab answer 400 "keys exhausted".
     */
    static final Pattern NOT_ENOUGH_KEYS = Pattern.compile(
            "try again|not enough key|insufficient key|exceeds the generated key count|keys? exhausted|no keys? (left|available)");

    private final Kind kind;
    private final String kme;
    private final String operation;
    private final OptionalInt httpStatus;
    private final String kmeMessage;
    private final boolean keysMayBeConsumed;
    private final Delivery delivery;
    private final transient Optional<Duration> retryAfter;
    private final String detail;

    KmeException(Kind kind, String kme, String operation, OptionalInt httpStatus, String kmeMessage,
                 boolean keysMayBeConsumed, String detail, Throwable cause) {
        this(kind, kme, operation, httpStatus, kmeMessage, keysMayBeConsumed,
                httpStatus.isPresent() ? Delivery.ANSWERED : Delivery.NOT_SENT, Optional.empty(), detail, cause);
    }

    KmeException(Kind kind, String kme, String operation, OptionalInt httpStatus, String kmeMessage,
                 boolean keysMayBeConsumed, Delivery delivery, Optional<Duration> retryAfter, String detail, Throwable cause) {
        super(render(kme, operation, httpStatus, kmeMessage, keysMayBeConsumed, kind == Kind.CONFIG ? Delivery.ANSWERED : delivery,
                detail), cause);
        this.kind = kind;
        this.kme = kme;
        this.operation = operation;
        this.httpStatus = httpStatus;
        this.kmeMessage = kmeMessage;
        this.keysMayBeConsumed = keysMayBeConsumed;
        this.delivery = delivery;
        this.retryAfter = retryAfter;
        this.detail = detail;
    }

    /** The same failure, now known to follow keys delivered (and wiped) earlier in the same call. */
    KmeException afterEarlierKeys(String what) {
        return new KmeException(kind, kme, operation, httpStatus, kmeMessage, true, delivery, retryAfter,
                what + ", then " + detail, getCause());
    }

    private static String render(String kme, String operation, OptionalInt status, String kmeMessage,
                                 boolean consumed, Delivery delivery, String detail) {
        StringBuilder sb = new StringBuilder("KME ").append(kme).append(": ").append(operation).append(": ");
        status.ifPresent(s -> sb.append("HTTP ").append(s).append(": "));
        sb.append(detail);
        if (kmeMessage != null) {
            sb.append(": ").append(kmeMessage);
        }
        if (!delivery.words().isEmpty() && !consumed) {
            sb.append(" (").append(delivery.words()).append(")");
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

    /** Whether the request reached the KME, as far as the client can tell. */
    public Delivery delivery() {
        return delivery;
    }

    /**
     * The KME refused for want of keys and handed nothing out: 503, or 400 with a message saying there are
     * not enough keys (yet). Asking again later may succeed and consumes nothing twice.
     */
    public boolean notEnoughKeysYet() {
        if (keysMayBeConsumed || delivery != Delivery.ANSWERED) {
            return false;
        }
        return kind == Kind.UNAVAILABLE || kind == Kind.BAD_REQUEST && kmeMessage != null
                && NOT_ENOUGH_KEYS.matcher(kmeMessage.toLowerCase(Locale.ROOT)).find();
    }

    /** The KME's {@code Retry-After}, when it sent one. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    /** Whether trying again later can help (the status call retries these itself). */
    public boolean transientFailure() {
        return kind == Kind.UNAVAILABLE || kind == Kind.TIMEOUT || kind == Kind.CONNECT || kind == Kind.CONNECTION_LOST;
    }
}
