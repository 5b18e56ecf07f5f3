package org.qkdmacsec.controller.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.Secret;

/**
 * Key material for dry runs: random (never derivable, never used to secure anything) and named
 * {@code dry-run-…} so a staged-and-discarded candidate can never be mistaken for a real key.
 */
final class PlaceholderKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private PlaceholderKeys() { }

    static List<NewKey> forCipher(CipherSuite cipher, int count) {
        List<NewKey> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String keyId = "dry-run-" + UUID.randomUUID();
            byte[] cak = new byte[cipher.cakBytes()];
            RANDOM.nextBytes(cak);
            out.add(new NewKey(keyId, sha256Hex(keyId), Secret.adopt(cak)));
        }
        return out;
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }
}
