package org.qkdmacsec.lab.kme;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One KME's own settings: how it is reached and the request limits it reports in {@code /status}.
 * Sizes are in bits. Build with {@link #mtls()}, {@link #insecure()} or {@link #qupskd()}, then the
 * {@code with…} methods.
 *
 * @param port TCP port on 127.0.0.1; 0 picks a free one (see {@link Kme#port()})
 */
public record KmeSpec(KmeMode mode, int port, int minKeySize, int maxKeySize, int maxKeyPerRequest) {
    public static final int DEFAULT_MIN_KEY_SIZE = 64;
    public static final int DEFAULT_MAX_KEY_SIZE = 1024;
    public static final int DEFAULT_MAX_KEY_PER_REQUEST = 128;

    public KmeSpec {
        Objects.requireNonNull(mode, "mode");
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

    public static KmeSpec of(KmeMode mode) {
        return new KmeSpec(mode, 0, DEFAULT_MIN_KEY_SIZE, DEFAULT_MAX_KEY_SIZE, DEFAULT_MAX_KEY_PER_REQUEST);
    }

    public KmeSpec withPort(int port) {
        return new KmeSpec(mode, port, minKeySize, maxKeySize, maxKeyPerRequest);
    }

    public KmeSpec withKeySizes(int minKeySize, int maxKeySize) {
        return new KmeSpec(mode, port, minKeySize, maxKeySize, maxKeyPerRequest);
    }

    public KmeSpec withMaxKeyPerRequest(int maxKeyPerRequest) {
        return new KmeSpec(mode, port, minKeySize, maxKeySize, maxKeyPerRequest);
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
        if (keySize < minKeySize || keySize > maxKeySize) {
            p.add("key_size " + keySize + " must lie within min_key_size " + minKeySize
                    + " and max_key_size " + maxKeySize);
        }
        if (maxKeyPerRequest < 1) {
            p.add("max_key_per_request " + maxKeyPerRequest + " must be at least 1");
        }
        return p;
    }
}
