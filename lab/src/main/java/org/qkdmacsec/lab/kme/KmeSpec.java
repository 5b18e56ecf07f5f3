package org.qkdmacsec.lab.kme;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One KME's own settings: how it is reached and the request limits it reports in {@code /status}.
 * Sizes are in bits. Build with {@link #mtls()}, {@link #insecure()} or {@link #qupskd()}, then the
 * {@code with…} methods.
 *
 * @param port   TCP port on 127.0.0.1; 0 picks a free one (see {@link Kme#port()})
 * @param quirks the deviations it shows from the start ({@link KmeQuirk}; changeable later with {@link Kme#quirks()})
 */
public record KmeSpec(KmeMode mode, int port, int minKeySize, int maxKeySize, int maxKeyPerRequest, Set<KmeQuirk> quirks) {
    public static final int DEFAULT_MIN_KEY_SIZE = 64;
    public static final int DEFAULT_MAX_KEY_SIZE = 1024;
    public static final int DEFAULT_MAX_KEY_PER_REQUEST = 128;

    public KmeSpec {
        Objects.requireNonNull(mode, "mode");
        quirks = Set.copyOf(quirks);
    }

    public static KmeSpec mtls() {
        return of(KmeMode.MTLS);
    }

    public static KmeSpec insecure() {
        return of(KmeMode.INSECURE);
    }

    public static KmeSpec qupskd() {
        return of(KmeMode.QUPSKD);
    }

    /**
     * An mTLS KME that behaves like one KME of CreepPork/next-door-key-simulator (two KMEs that synchronise
     * keys, built for a national quantum network): POST-only, {@code stored_key_count} counting reserved keys,
     * "Try again later" when short of generated keys, {@code size} read as bytes, a server certificate
     * without subjectAltName; SAE IDs are the client certificates' CNs, as in every mTLS lab KME (its
     * server/security.py compares the CN with ATTACHED_SAE_ID). Its limits: key sizes 32..1024 ("bytes"),
     * 128 keys per request (its docker-compose.yml).
     */
    public static KmeSpec nextDoor() {
        return mtls().withKeySizes(32, 1024).withQuirks(KmeQuirk.STATUS_COUNTS_RESERVED, KmeQuirk.TRY_AGAIN_LATER,
                KmeQuirk.POST_ONLY, KmeQuirk.SIZE_IN_BYTES, KmeQuirk.NO_SUBJECT_ALT_NAME);
    }

    public static KmeSpec of(KmeMode mode) {
        return new KmeSpec(mode, 0, DEFAULT_MIN_KEY_SIZE, DEFAULT_MAX_KEY_SIZE, DEFAULT_MAX_KEY_PER_REQUEST, Set.of());
    }

    public KmeSpec withPort(int port) {
        return new KmeSpec(mode, port, minKeySize, maxKeySize, maxKeyPerRequest, quirks);
    }

    public KmeSpec withKeySizes(int minKeySize, int maxKeySize) {
        return new KmeSpec(mode, port, minKeySize, maxKeySize, maxKeyPerRequest, quirks);
    }

    public KmeSpec withMaxKeyPerRequest(int maxKeyPerRequest) {
        return new KmeSpec(mode, port, minKeySize, maxKeySize, maxKeyPerRequest, quirks);
    }

    /** These deviations on top of the mode's behaviour, from the start. */
    public KmeSpec withQuirks(KmeQuirk... more) {
        Set<KmeQuirk> all = quirks.isEmpty() ? EnumSet.noneOf(KmeQuirk.class) : EnumSet.copyOf(quirks);
        all.addAll(List.of(more));
        return new KmeSpec(mode, port, minKeySize, maxKeySize, maxKeyPerRequest, all);
    }

    /** Every problem with these settings for a KME whose pools hand out {@code keySize}-bit keys. */
    List<String> problems(int keySize) {
        List<String> p = new ArrayList<>();
        if (port < 0 || port > 65535) {
            p.add("port " + port + " is outside 0-65535");
        }
        if (minKeySize < 8 || minKeySize % 8 != 0) {
            p.add("min_key_size " + minKeySize + " must be a positive multiple of 8");
        }
        if (maxKeySize < minKeySize || maxKeySize % 8 != 0) {
            p.add("max_key_size " + maxKeySize + " must be a multiple of 8 and >= min_key_size " + minKeySize);
        }
        if (quirks.contains(KmeQuirk.NO_SUBJECT_ALT_NAME) && mode != KmeMode.MTLS) {
            p.add("no-subject-alt-name needs an mtls KME (a plain-HTTP KME has no certificate)");
        }
        if (!quirks.contains(KmeQuirk.SIZE_IN_BYTES) && (keySize < minKeySize || keySize > maxKeySize)) {
            p.add("key_size " + keySize + " must lie within min_key_size " + minKeySize
                    + " and max_key_size " + maxKeySize);
        }
        if (maxKeyPerRequest < 1) {
            p.add("max_key_per_request " + maxKeyPerRequest + " must be at least 1");
        }
        return p;
    }
}
