package org.qkdmacsec.lab.kme;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A fault a KME can be told to show on the wire; arm it with {@link Faults#once} or {@link Faults#sticky}.
 * Each kind has the endpoints it applies to by default; {@link #on} narrows them.
 *
 * @param latency the added delay, for {@link Kind#LATENCY} only
 */
public record Fault(Kind kind, Duration latency, Set<KmeEndpoint> endpoints) {
    public enum Kind {
        /** 503 with an ETSI error body, before anything is processed (no key is consumed). */
        UNAVAILABLE(EnumSet.allOf(KmeEndpoint.class)),
        /** 401 with an ETSI error body, as when the KME no longer accepts the SAE (nothing consumed). */
        UNAUTHORIZED(EnumSet.allOf(KmeEndpoint.class)),
        /** The response (whatever it is) leaves after {@code latency} of wall-clock time. */
        LATENCY(EnumSet.allOf(KmeEndpoint.class)),
        /** The request is processed (keys are consumed), then the connection closes with no response. */
        DROP_CONNECTION(EnumSet.allOf(KmeEndpoint.class)),
        /** Every {@code key} in the response is invalid base64 (unrelated to the real key). */
        CORRUPT_KEY(EnumSet.of(KmeEndpoint.ENC_KEYS, KmeEndpoint.DEC_KEYS)),
        /** Every {@code key} in the response is valid base64 of the right length but a different value. */
        WRONG_KEY(EnumSet.of(KmeEndpoint.ENC_KEYS, KmeEndpoint.DEC_KEYS)),
        /** 400 "keys exhausted", exactly as a real empty store answers; nothing is consumed. */
        EXHAUSTED(EnumSet.of(KmeEndpoint.ENC_KEYS));

        private final Set<KmeEndpoint> applicable;

        Kind(Set<KmeEndpoint> applicable) {
            this.applicable = applicable;
        }
    }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        endpoints = Set.copyOf(endpoints);
        if ((kind == Kind.LATENCY) != (latency != null)) {
            throw new IllegalArgumentException("a latency is given for LATENCY faults and only for them");
        }
        if (latency != null && latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        if (endpoints.isEmpty() || !kind.applicable.containsAll(endpoints)) {
            throw new IllegalArgumentException(kind + " applies to " + kind.applicable + ", not " + endpoints);
        }
    }

    public static Fault unavailable() {
        return of(Kind.UNAVAILABLE);
    }

    public static Fault unauthorized() {
        return of(Kind.UNAUTHORIZED);
    }

    public static Fault latency(Duration delay) {
        return new Fault(Kind.LATENCY, delay, Kind.LATENCY.applicable);
    }

    public static Fault dropConnection() {
        return of(Kind.DROP_CONNECTION);
    }

    public static Fault corruptKey() {
        return of(Kind.CORRUPT_KEY);
    }

    public static Fault wrongKey() {
        return of(Kind.WRONG_KEY);
    }

    public static Fault exhausted() {
        return of(Kind.EXHAUSTED);
    }

    /** The same fault, shown only on the given endpoints. */
    public Fault on(KmeEndpoint first, KmeEndpoint... more) {
        return new Fault(kind, latency, EnumSet.of(first, more));
    }

    boolean appliesTo(KmeEndpoint endpoint) {
        return endpoints.contains(endpoint);
    }

    private static Fault of(Kind kind) {
        return new Fault(kind, null, kind.applicable);
    }
}
