package org.qkdmacsec.controller.keys;

import java.util.Objects;
import org.qkdmacsec.spi.Secret;

/**
 * A MACsec key pair made from one QKD key: the CKN (public name, lower-case hex) and the CAK (secret).
 * {@link #close()} wipes the CAK.
 *
 * @param keyId the ETSI key_ID the key came from (journalled; not secret)
 */
public record DerivedKey(String keyId, String ckn, Secret cak) implements AutoCloseable {
    public DerivedKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(ckn, "ckn");
        Objects.requireNonNull(cak, "cak");
    }

    @Override
    public void close() {
        cak.close();
    }
}
