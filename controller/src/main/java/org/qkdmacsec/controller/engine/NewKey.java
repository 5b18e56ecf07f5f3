package org.qkdmacsec.controller.engine;

import java.util.Objects;
import org.qkdmacsec.spi.Secret;

/**
 * A key ready to stage: the KME's key_ID, the derived CKN, and the CAK. Closing it wipes the CAK.
 */
public record NewKey(String keyId, String ckn, Secret cak) implements AutoCloseable {
    public NewKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(ckn, "ckn");
        Objects.requireNonNull(cak, "cak");
    }

    @Override
    public void close() {
        cak.close();
    }
}
