package org.qkdmacsec.lab.kme;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The key store every ordered (master SAE, slave SAE) pair gets, counted in stored keys of
 * {@code keySize} bits; a key of size s costs ceil(s / keySize) stored keys.
 *
 * @param keySize default key size in bits ({@code key_size} in {@code /status})
 * @param maxKeyCount capacity of each pair's store ({@code max_key_count})
 * @param initialKeys stored keys each pair starts with
 * @param keysPerSecond generation rate on the network's clock; 0 means no generation
 * @param retention how long a key delivered to the master waits for the slave's {@code dec_keys}
 */
public record KeyPoolSpec(int keySize, int maxKeyCount, int initialKeys, double keysPerSecond, Duration retention) {
    public KeyPoolSpec {
        Objects.requireNonNull(retention, "retention");
    }

    /** 256-bit keys, 1000 stored (full), 10 keys/s, 5 minutes retention. */
    public static KeyPoolSpec defaults() {
        return new KeyPoolSpec(256, 1000, 1000, 10.0, Duration.ofMinutes(5));
    }

    public KeyPoolSpec withKeySize(int bits) {
        return new KeyPoolSpec(bits, maxKeyCount, initialKeys, keysPerSecond, retention);
    }

    /** Sets the capacity; the initial stock is capped to it. */
    public KeyPoolSpec withMaxKeyCount(int count) {
        return new KeyPoolSpec(keySize, count, Math.min(initialKeys, count), keysPerSecond, retention);
    }

    public KeyPoolSpec withInitialKeys(int count) {
        return new KeyPoolSpec(keySize, maxKeyCount, count, keysPerSecond, retention);
    }

    public KeyPoolSpec withKeysPerSecond(double rate) {
        return new KeyPoolSpec(keySize, maxKeyCount, initialKeys, rate, retention);
    }

    public KeyPoolSpec withRetention(Duration ttl) {
        return new KeyPoolSpec(keySize, maxKeyCount, initialKeys, keysPerSecond, ttl);
    }

    /** Clock time per generated key; {@code null} when nothing is generated. */
    Duration generationInterval() {
        return keysPerSecond > 0 ? Duration.ofNanos(Math.max(1, Math.round(1e9 / keysPerSecond))) : null;
    }

    List<String> problems() {
        List<String> p = new ArrayList<>();
        if (keySize < 8 || keySize % 8 != 0) {
            p.add("key_size " + keySize + " must be a positive multiple of 8");
        }
        if (maxKeyCount < 0) {
            p.add("max_key_count " + maxKeyCount + " must not be negative");
        }
        if (initialKeys < 0 || initialKeys > maxKeyCount) {
            p.add("initial_keys " + initialKeys + " must lie within 0 and max_key_count " + maxKeyCount);
        }
        if (!(keysPerSecond >= 0) || Double.isInfinite(keysPerSecond)) {
            p.add("keys_per_second " + keysPerSecond + " must be a finite number >= 0");
        }
        if (retention.isNegative() || retention.isZero()) {
            p.add("retention " + retention + " must be positive");
        }
        return p;
    }
}
