package org.qkdmacsec.lab.kme;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The simple KME simulator published with quPSKd (aparcar/qupskd, qkd_simulator.py), reproduced so the
 * controller can be proven against it. Its {@code do_GET} sends every path under {@code /api/v1/keys/} to
 * {@code handle_keys}, so:
 * <ul>
 * <li>plain HTTP, GET only: other methods get Python {@code http.server}'s 501 HTML page;</li>
 * <li>{@code /status} is no Status: it answers 200 with a Key container of one fresh key, like enc_keys;</li>
 * <li>enc_keys returns <b>one</b> key with a fresh UUID key_ID, whatever {@code number} and {@code size} say;</li>
 * <li>a path containing {@code dec_keys} needs {@code key_ID=} (else 400 "key_ID parameter is required") and
 *     takes the key_ID as everything after the last {@code =} of the raw path and query;</li>
 * <li>key = SHA3-256(key_ID), always 256 bits: any key_ID "decrypts", nothing is stored or deleted;</li>
 * <li>paths outside {@code /api/v1/keys/} get 404 "404 Not Found" in plain text.</li>
 * </ul>
 */
final class QupskdProtocol implements KmeProtocol {
    /** Python 3's http.server DEFAULT_ERROR_MESSAGE, as send_error(501) fills it in. */
    private static final String PYTHON_501 = """
            <!DOCTYPE HTML>
            <html lang="en">
                <head>
                    <meta charset="utf-8">
                    <title>Error response</title>
                </head>
                <body>
                    <h1>Error response</h1>
                    <p>Error code: 501</p>
                    <p>Message: Unsupported method ('%s').</p>
                    <p>Error code explanation: 501 - Server does not support this operation.</p>
                </body>
            </html>
            """;

    @Override
    public Route route(URI uri) throws EtsiError {
        String raw = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        if (uri.getRawPath() == null || !uri.getRawPath().startsWith(Route.PREFIX)) {
            throw new EtsiError(404, "404 Not Found");
        }
        String[] parts = uri.getRawPath().substring(Route.PREFIX.length()).split("/");
        KmeEndpoint endpoint = raw.contains("dec_keys") ? KmeEndpoint.DEC_KEYS
                : uri.getRawPath().endsWith("/status") ? KmeEndpoint.STATUS : KmeEndpoint.ENC_KEYS;
        return new Route(parts.length == 0 ? "" : parts[0], endpoint);
    }

    @Override
    public Reply serve(Request request) {
        if (!request.method().equals("GET")) {
            return new Reply(501, PYTHON_501.formatted(request.method()));
        }
        URI uri = request.exchange().getRequestURI();
        String raw = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        if (raw.contains("dec_keys")) {
            if (!raw.contains("key_ID=")) {
                return new Reply(400, "key_ID parameter is required");
            }
            return key(raw.substring(raw.lastIndexOf('=') + 1));
        }
        if (request.route().endpoint() == KmeEndpoint.ENC_KEYS && request.hasFault(Fault.Kind.EXHAUSTED)) {
            return new Reply(400, "keys exhausted");
        }
        return key(UUID.randomUUID().toString()); // enc_keys, /status and any other path under /api/v1/keys/
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
