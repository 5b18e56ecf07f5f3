package org.qkdmacsec.controller.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.qkdmacsec.spi.Secret;

/**
 * Checks an {@code Authorization: Bearer …} header against the configured token. The comparison is of
 * SHA-256 digests with {@link MessageDigest#isEqual} (constant time), so neither the token's bytes nor
 * its length leak through timing. Only the digest is kept in memory.
 */
final class BearerToken {
    private final byte[] digest;

    BearerToken(Secret token) {
        this.digest = token.apply(BearerToken::sha256);
    }

    boolean accepts(Optional<String> authorizationHeader) {
        if (authorizationHeader.isEmpty()) {
            return false;
        }
        String h = authorizationHeader.get();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = h.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(digest, sha256(given));
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
