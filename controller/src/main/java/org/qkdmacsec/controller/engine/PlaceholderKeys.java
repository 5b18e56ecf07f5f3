package org.qkdmacsec.controller.engine;

import org.qkdmacsec.controller.keys.DerivedKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.qkdmacsec.controller.keys.KeyDerivation;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.Secret;

/**
 * Key material for dry runs: random (never derivable, never used to secure anything) and named
 * {@code dry-run-…} so a staged-and-discarded candidate can never be mistaken for a real key.
 */
final class PlaceholderKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private PlaceholderKeys() { }

    static List<DerivedKey> forCipher(CipherSuite cipher, int count) {
        List<DerivedKey> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String keyId = "dry-run-" + UUID.randomUUID();
            byte[] cak = new byte[cipher.cakBytes()];
            RANDOM.nextBytes(cak);
            out.add(new DerivedKey(keyId, KeyDerivation.ckn(keyId), Secret.adopt(cak)));
        }
        return out;
    }
}
