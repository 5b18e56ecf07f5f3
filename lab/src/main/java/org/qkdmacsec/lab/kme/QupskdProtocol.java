package org.qkdmacsec.lab.kme;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The behaviour of the simple KME simulator published with quPSKd, reproduced so the controller can be
 * proven against it: plain HTTP, GET only (other methods 501), no {@code /status} (404), one fresh
 * key_ID per {@code enc_keys} whatever {@code number} asks, and key = SHA3-256(key_ID) on both calls, so
 * any key_ID "decrypts" and nothing is stored or deleted. Errors are plain text, as there.
 */
final class QupskdProtocol implements KmeProtocol {
    @Override
    public Reply serve(Request request) {
        if (!request.method().equals("GET")) {
            return new Reply(501, "Unsupported method ('" + request.method() + "')");
        }
        switch (request.route().endpoint()) {
            case ENC_KEYS:
                if (request.hasFault(Fault.Kind.EXHAUSTED)) {
                    return new Reply(400, "keys exhausted");
                }
                return key(UUID.randomUUID().toString());
            case DEC_KEYS:
                String id = request.exchange().getRequestURI().getQuery();
                if (id == null || !id.startsWith("key_ID=")) {
                    return new Reply(400, "key_ID parameter is required");
                }
                return key(id.substring("key_ID=".length()));
            default:
                return new Reply(404, "404 Not Found");
        }
    }

    private static Reply key(String keyId) {
        try {
            byte[] key = MessageDigest.getInstance("SHA3-256").digest(keyId.getBytes(StandardCharsets.UTF_8));
            return Reply.ok(new Wire.KeyContainer(List.of(new Wire.Key(keyId, Base64.getEncoder().encodeToString(key)))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA3-256 missing from the JDK", e);
        }
    }
}
