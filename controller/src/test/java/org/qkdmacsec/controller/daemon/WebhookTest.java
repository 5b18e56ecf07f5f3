package org.qkdmacsec.controller.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.controller.engine.EngineEvents.AlarmEvent;
import org.qkdmacsec.controller.inventory.SecretRef;

/** Alarms POSTed to a real HTTP server on loopback. */
class WebhookTest {
    @TempDir
    Path dir;

    @Test
    void eachAlarmIsPostedAsJsonWithTheBearerToken() throws Exception {
        LinkedBlockingQueue<String[]> received = new LinkedBlockingQueue<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/hook", x -> {
            received.add(new String[] {x.getRequestMethod(), x.getRequestHeaders().getFirst("Authorization"),
                x.getRequestHeaders().getFirst("Content-Type"), new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        server.start();
        Files.writeString(dir.resolve("hook-token"), "hook-t0ken\n");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Webhook w = new Webhook(new DaemonConfig.Webhook(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"),
                Optional.of(new SecretRef.FileRef(dir.resolve("hook-token"))), Duration.ofSeconds(5)), "host/42", registry)) {
            w.accept(new AlarmEvent("r1-r2", "KME_HOLD_DOWN", "3 consecutive KME failures", Instant.parse("2026-11-23T08:00:00Z")));
            String[] r = received.poll(20, TimeUnit.SECONDS);
            assertEquals("POST", r[0]);
            assertEquals("Bearer hook-t0ken", r[1], "the token is read from its reference, without the newline");
            assertEquals("application/json", r[2]);
            JsonNode body = new ObjectMapper().readTree(r[3]);
            assertEquals("alarm", body.path("event").asText());
            assertEquals("KME_HOLD_DOWN", body.path("kind").asText());
            assertEquals("r1-r2", body.path("link").asText());
            assertEquals("3 consecutive KME failures", body.path("message").asText());
            assertEquals("2026-11-23T08:00:00Z", body.path("at").asText());
            assertEquals("host/42", body.path("instance").asText());
            Waits.await(() -> registry.find("qkd_macsec_webhook_posts_total").tag("result", "sent").counter() != null,
                    Duration.ofSeconds(10), "the post is counted");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anUnreachableReceiverIsCounted() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        int closedPort;
        try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (Webhook w = new Webhook(new DaemonConfig.Webhook(URI.create("http://127.0.0.1:" + closedPort + "/"), Optional.empty(),
                Duration.ofSeconds(2)), "host/42", registry)) {
            w.accept(new AlarmEvent("l", "KEY_AGE", "old", Instant.EPOCH));
            Waits.await(() -> registry.find("qkd_macsec_webhook_posts_total").tag("result", "failed").counter() != null,
                    Duration.ofSeconds(20), "failures counted");
        }
    }
}
