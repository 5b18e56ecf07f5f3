package org.qkdmacsec.controller.kme;

import java.util.List;
import java.util.Objects;
import org.qkdmacsec.spi.Secret;

/** One key from a KME: its key_ID (not secret) and the key bytes. {@link #close()} wipes the key. */
public record QkdKey(String keyId, Secret key) implements AutoCloseable {
    public QkdKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(key, "key");
    }

    @Override
    public void close() {
        key.close();
    }

    /** Closes every key of a batch. */
    public static void closeAll(List<QkdKey> keys) {
        keys.forEach(QkdKey::close);
    }
}
