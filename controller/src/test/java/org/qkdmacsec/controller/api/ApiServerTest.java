package org.qkdmacsec.controller.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.spi.Secret;

/**
 * The API's front door on a real server: Host, Origin and token checks (docs/api.md "Security"). The
 * backend only records whether a request reached it; what it answers is the daemon's business
 * (harness DaemonTest, ApiSecurityTest).
 */
class ApiServerTest {
    static final String TOKEN = "tok-123-abc";
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final List<String> reached = new ArrayList<>();
    ApiServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private String start(ReadAccess reads, Set<String> hosts, Set<String> origins) throws IOException {
        try (Secret t = Secret.copyOf(TOKEN.getBytes(StandardCharsets.UTF_8))) {
            server = ApiServer.start(new ApiServer.Options("127.0.0.1", 0, t, reads, hosts, origins, Optional.empty(), registry),
                    new RecordingBackend(reached, registry), Clock.systemUTC());
        }
        return "http://127.0.0.1:" + server.address().getPort();
    }

    @Test
    void refusesToListenOnANonLoopbackAddressWithoutTls() {
        try (Secret t = Secret.copyOf(TOKEN.getBytes(StandardCharsets.UTF_8))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiServer.start(new ApiServer.Options("0.0.0.0",
                    0, t, ReadAccess.TOKEN, Set.of(), Set.of(), Optional.empty(), registry), new RecordingBackend(reached, registry),
                    Clock.systemUTC()));
            assertTrue(e.getMessage().contains("not a loopback address: the API is served there over HTTPS only"), e.getMessage());
        }
    }

    @Test
    void aCrossOriginPostIsRefusedEvenWithTheTokenAndNeverReachesTheDaemon() throws Exception {
        String base = start(ReadAccess.OPEN, Set.of(), Set.of());
        HttpResponse<String> r = post(base + "/api/links/r1-r2/rollover", "http://evil.example", TOKEN);
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("origin 'http://evil.example' are not allowed"), r.body());
        assertEquals(403, post(base + "/api/links/r1-r2/rollover", "null", TOKEN).statusCode(), "the opaque origin of a sandboxed frame");
        assertEquals(403, post(base + "/api/links/r1-r2/rollover", "http://127.0.0.1:1", TOKEN).statusCode(), "another port is another origin");
        assertEquals(403, post(base + "/api/links/r1-r2/rollover", "https://127.0.0.1:" + server.address().getPort(), TOKEN).statusCode(),
                "another scheme is another origin");
        assertEquals(List.of(), reached);
        assertEquals(4.0, registry.get("qkd_macsec_api_refused_total").tag("reason", "origin").counter().count());
    }

    @Test
    void aDnsRebindingRequestIsRefusedByItsHostHeader() throws Exception {
        String base = start(ReadAccess.OPEN, Set.of("ctl1.example.net"), Set.of());
        int port = server.address().getPort();
        assertEquals(421, raw(port, "GET /api/links HTTP/1.1\r\nHost: evil.example:" + port + "\r\n\r\n"));
        assertEquals(421, raw(port, "POST /api/links/r1-r2/rollover HTTP/1.1\r\nHost: evil.example:" + port + "\r\nAuthorization: Bearer "
                + TOKEN + "\r\nContent-Length: 0\r\n\r\n"));
        assertEquals(400, raw(port, "GET /api/links HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), "two Host headers");
        assertEquals(List.of(), reached);
        // Names of this server are fine: IP literals, localhost, and the configured names (any case, trailing dot).
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "CTL1.example.net.", "ctl1.example.net:" + port)) {
            assertEquals(200, raw(port, "GET /api/links HTTP/1.1\r\nHost: " + host + "\r\n\r\n"), host);
        }
        assertEquals(200, get(base + "/health", null).statusCode());
    }

    @Test
    void everyChangeNeedsTheTokenWhileReadsAreOpenOnLoopback() throws Exception {
        String base = start(ReadAccess.OPEN, Set.of(), Set.of());
        for (String token : new String[] {null, "wrong", TOKEN + "x", TOKEN.substring(1)}) {
            HttpResponse<String> r = post(base + "/api/links/r1-r2/rollover", null, token);
            assertEquals(401, r.statusCode(), "token " + token);
            assertEquals(Optional.of("Bearer realm=\"qkd-macsec\""), r.headers().firstValue("WWW-Authenticate"));
        }
        assertEquals(List.of(), reached);
        assertEquals(200, get(base + "/api/links", null).statusCode(), "reads are open on loopback");
        assertEquals(200, get(base + "/metrics", null).statusCode());
        assertEquals(202, post(base + "/api/links/r1-r2/rollover", "http://127.0.0.1:" + server.address().getPort(), TOKEN).statusCode(),
                "the dashboard's own origin with the token");
        assertEquals(202, post(base + "/api/links/r1-r2/rollover?force=true", null, TOKEN).statusCode(), "a CLI sends no Origin");
        assertEquals(List.of("rollover r1-r2 force=false", "rollover r1-r2 force=true"), reached.stream().filter(s -> s.startsWith("rollover")).toList());
        assertEquals(400, post(base + "/api/links/r1-r2/rollover?force=yes", null, TOKEN).statusCode());
        assertEquals(405, get(base + "/api/links/r1-r2/rollover", TOKEN).statusCode());
    }

    @Test
    void readsNeedTheTokenWhenSoConfiguredButHealthAndTheDashboardPageDoNot() throws Exception {
        String base = start(ReadAccess.TOKEN, Set.of(), Set.of());
        for (String path : List.of("/api/links", "/api/links/r1-r2", "/api/links/r1-r2/history", "/api/timeline", "/api/kmes", "/api/alarms",
                "/metrics")) {
            assertEquals(401, get(base + path, null).statusCode(), path);
            assertEquals(200, get(base + path, TOKEN).statusCode(), path);
        }
        assertEquals(200, get(base + "/health", null).statusCode());
        assertEquals(200, get(base + "/ready", null).statusCode());
        HttpResponse<String> page = get(base + "/", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>qkd-macsec</title>"), page.body());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        assertEquals(Optional.of("DENY"), page.headers().firstValue("X-Frame-Options"));
        assertEquals(200, get(base + "/dashboard/dashboard.js", null).statusCode());
        assertEquals(401, get(base + "/dashboard/../api/links", null).statusCode(), "no path leads from the assets anywhere else");
        assertEquals(404, get(base + "/dashboard/other.js", TOKEN).statusCode());
    }

    @Test
    void anOriginListedInTheConfigurationIsAccepted() throws Exception {
        String base = start(ReadAccess.OPEN, Set.of(), Set.of("https://noc.example.net"));
        assertEquals(202, post(base + "/api/links/r1-r2/rollover", "https://noc.example.net", TOKEN).statusCode());
        assertEquals(403, post(base + "/api/links/r1-r2/rollover", "https://noc.example.net.evil.example", TOKEN).statusCode());
    }

    @Test
    void hostHeadersAreParsedStrictly() {
        assertEquals(Optional.of("a.example"), RequestGuard.hostOf("a.example:9464"));
        assertEquals(Optional.of("[::1]"), RequestGuard.hostOf("[::1]:9464"));
        assertEquals(Optional.of("localhost"), RequestGuard.hostOf("localhost"));
        assertEquals(Optional.empty(), RequestGuard.hostOf("a.example:port"));
        assertEquals(Optional.empty(), RequestGuard.hostOf("[::1"));
        assertEquals(Optional.empty(), RequestGuard.hostOf(":9464"));
    }

    @Test
    void bearerTokensAreComparedWhole() {
        try (Secret s = Secret.copyOf("tok-123".getBytes(StandardCharsets.UTF_8))) {
            BearerToken t = new BearerToken(s);
            assertTrue(t.accepts(Optional.of("Bearer tok-123")));
            assertTrue(t.accepts(Optional.of("bearer tok-123")), "the scheme is case-insensitive (RFC 7235)");
            assertFalse(t.accepts(Optional.empty()));
            assertFalse(t.accepts(Optional.of("Bearer tok-12")));
            assertFalse(t.accepts(Optional.of("Bearer tok-1234")));
            assertFalse(t.accepts(Optional.of("Basic dG9rLTEyMw==")));
            assertFalse(t.accepts(Optional.of("tok-123")));
        }
    }

    static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, String origin, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a request as written (the JDK client will not send a Host header of our choosing) and returns the status. */
    static int raw(int port, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            out.write(request.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(head.substring(9, 12));
        }
    }
}
