package org.qkdmacsec.controller.kme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.controller.inventory.InventoryLoader;
import org.qkdmacsec.controller.inventory.Kme;

/**
 * Answers no well-behaved KME gives, served over real HTTP by a scripted endpoint: each must be refused
 * with a MALFORMED error that names the problem and never the key.
 */
class KmeClientValidationTest {
    private static final String K32 = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String K16 = Base64.getEncoder().encodeToString(new byte[16]);

    private HttpServer server;
    private final AtomicReference<byte[]> reply = new AtomicReference<>();
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private KmeClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = reply.get();
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Kme kme = InventoryLoader.parse("t.yaml", "kmes:\n  - {id: scripted, url: 'http://127.0.0.1:"
                + server.getAddress().getPort() + "', insecure: true, max-keys-per-request: 10}\n").kme("scripted").orElseThrow();
        client = KmeClient.open(kme);
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    private void answer(String json) {
        reply.set(json.getBytes(StandardCharsets.UTF_8));
    }

    private KmeException malformedEnc(int number, int size) {
        KmeException e = assertThrows(KmeException.class, () -> client.encKeys("peer", number, size));
        assertEquals(KmeException.Kind.MALFORMED, e.kind(), e.getMessage());
        assertTrue(!e.getMessage().contains(K32) && !e.getMessage().contains(K16), e.getMessage());
        return e;
    }

    @Test
    void countSizeAndUniquenessAreChecked() {
        answer("{\"keys\":[{\"key_ID\":\"a\",\"key\":\"" + K32 + "\"}]}");
        assertEquals(1, client.encKeys("peer", 1, 256).size());
        answer("{\"keys\":[{\"key_ID\":\"a\",\"key\":\"" + K32 + "\"}]}");
        assertTrue(malformedEnc(2, 256).getMessage().endsWith("HTTP 200: asked for 2 key(s), got 1"));
        answer("{\"keys\":[{\"key_ID\":\"a\",\"key\":\"" + K16 + "\"}]}");
        assertTrue(malformedEnc(1, 256).getMessage().contains("key_ID a is 128 bits, shorter than the 256 asked for (refused:"));
        answer("{\"keys\":[{\"key_ID\":\"a\",\"key\":\"" + K32 + "\"},{\"key_ID\":\"a\",\"key\":\"" + K32 + "\"}]}");
        assertTrue(malformedEnc(2, 256).getMessage().endsWith("key_ID a appears twice"));
    }

    @Test
    void jsonShapeAndBase64AreChecked() {
        answer("{\"keys\":[{\"key_ID\":\"a\",\"key\":\"" + K32 + "\"}");
        assertTrue(malformedEnc(1, 256).getMessage().contains("invalid JSON"));
        answer("{\"keys\":{}}");
        assertTrue(malformedEnc(1, 256).getMessage().contains("expected \"keys\" to be an array"));
        answer("{\"keys\":[{\"key_ID\":\"a\"}]}");
        assertTrue(malformedEnc(1, 256).getMessage().endsWith("keys[0] lacks key"));
        answer("{\"keys\":[{\"key_ID\":\"a b\",\"key\":\"" + K32 + "\"}]}");
        assertTrue(malformedEnc(1, 256).getMessage().endsWith("keys[0].key_ID is not 1-128 printable ASCII characters"));
        answer("{\"keys\":[{\"key_ID\":\"a\",\"key\":\"***" + K32 + "\"}]}");
        assertTrue(malformedEnc(1, 256).getMessage().endsWith("keys[0].key is not valid base64"));
        answer("[]");
        assertTrue(malformedEnc(1, 256).getMessage().contains("expected a Key container object"));
        answer("{\"keys\":[{\"key_ID\":\"a\",\"key\":\"" + K32 + "\",\"key_extension\":{\"x\":[1,2]}}],"
                + "\"key_container_extension\":{}}");
        assertEquals(1, client.encKeys("peer", 1, 256).size(), "extensions are skipped");
    }

    @Test
    void decKeysMustReturnExactlyTheIdsAskedFor() {
        answer("{\"keys\":[{\"key_ID\":\"other\",\"key\":\"" + K32 + "\"}]}");
        KmeException e = assertThrows(KmeException.class, () -> client.decKeys("master", List.of("mine"), 256));
        assertEquals(KmeException.Kind.MALFORMED, e.kind());
        assertTrue(e.keysMayBeConsumed());
        assertTrue(e.getMessage().contains("returned key_IDs [other] instead of the ones asked for [mine]"), e.getMessage());
        answer("{\"keys\":[{\"key_ID\":\"y\",\"key\":\"" + K32 + "\"},{\"key_ID\":\"x\",\"key\":\"" + K32 + "\"}]}");
        assertEquals(List.of("x", "y"), client.decKeys("master", List.of("x", "y"), 256).stream().map(QkdKey::keyId).toList());
    }

    @Test
    void bodiesAboveOneMebibyteAreRefused() {
        reply.set(new byte[KmeClient.MAX_BODY_BYTES + 1]);
        KmeException e = malformedEnc(1, 256);
        assertTrue(e.getMessage().contains("larger than 1048576 bytes"), e.getMessage());
    }

    @Test
    void errorBodiesGiveTheKmesMessage() {
        status.set(403);
        answer("{\"message\":\"key expired\",\"details\":[{\"key_ID\":\"a\"}]}");
        KmeException e = assertThrows(KmeException.class, () -> client.decKeys("master", List.of("a"), 256));
        assertEquals(KmeException.Kind.FORBIDDEN, e.kind());
        assertEquals(Optional.of("key expired [{\"key_ID\":\"a\"}]"), e.kmeMessage());
        status.set(404);
        answer("404 Not Found\n");
        KmeException nf = assertThrows(KmeException.class, () -> client.status("peer"));
        assertEquals(KmeException.Kind.NOT_FOUND, nf.kind());
        assertEquals(Optional.of("404 Not Found"), nf.kmeMessage());
        assertEquals("KME scripted: status (peer SAE peer): HTTP 404: refused: 404 Not Found", nf.getMessage());
    }

    @Test
    void theLeakScannerFindsEveryForm() {
        KeyLeaks leaks = new KeyLeaks();
        byte[] key = new byte[32];
        key[0] = (byte) 0xAB;
        leaks.remember(key);
        String hex = java.util.HexFormat.of().formatHex(key);
        assertEquals(1, leaks.findIn("x " + hex + " y").size());
        assertEquals(1, leaks.findIn(hex.toUpperCase()).size());
        assertTrue(leaks.findIn(Base64.getEncoder().encodeToString(key)).size() >= 2, "padded and unpadded forms");
        assertEquals(List.of(), leaks.findIn("nothing here"));
    }
}
