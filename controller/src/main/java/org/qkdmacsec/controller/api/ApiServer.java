package org.qkdmacsec.controller.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.qkdmacsec.spi.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP API (docs/api.md) on the JDK's own {@code com.sun.net.httpserver}: seven read-mostly
 * endpoints need routing, JSON and one header check, which the JDK server does in-process with no
 * further dependency and no extra attack surface to keep patched (Javalin would bring Jetty and Kotlin's
 * standard library for the same). Bound to 127.0.0.1 by default; a bearer token is required for every
 * endpoint but {@code /health} and {@code /ready} when one is configured, and the server refuses to
 * start on a non-loopback address without one.
 */
public final class ApiServer implements AutoCloseable {
    static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger("qkd_macsec.api");

    private final HttpServer server;
    private final ExecutorService executor;
    private final ApiBackend backend;
    private final Optional<BearerToken> token;
    private final Clock clock;

    private ApiServer(HttpServer server, ExecutorService executor, ApiBackend backend, Optional<BearerToken> token, Clock clock) {
        this.server = server;
        this.executor = executor;
        this.backend = backend;
        this.token = token;
        this.clock = clock;
    }

    /**
     * Starts serving.
     *
     * @param token the bearer token (closed by the caller; only its digest is kept)
     * @throws IllegalArgumentException when {@code bind} is not a loopback address and there is no token,
     *                                  or {@code bind} does not resolve
     * @throws IOException              when the address cannot be bound
     */
    public static ApiServer start(String bind, int port, Optional<Secret> token, ApiBackend backend, Clock clock) throws IOException {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("api.bind: cannot resolve '" + bind + "'", e);
        }
        if (!address.isLoopbackAddress() && token.isEmpty()) {
            throw new IllegalArgumentException("api.bind " + bind + " is not a loopback address: set api.token (env:NAME or file:PATH)"
                    + " so that only holders of the bearer token can use the API");
        }
        HttpServer s = HttpServer.create(new InetSocketAddress(address, port), 64);
        AtomicInteger n = new AtomicInteger();
        ExecutorService ex = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "api-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ApiServer api = new ApiServer(s, ex, backend, token.map(BearerToken::new), clock);
        s.createContext("/", api::handle);
        s.setExecutor(ex);
        s.start();
        LOG.info("event=api_started address={}:{} auth={}", s.getAddress().getHostString(), s.getAddress().getPort(),
                token.isPresent() ? "bearer" : "none");
        return api;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getRawPath();
            boolean open = path.equals("/health") || path.equals("/ready");
            if (!open && token.isPresent() && !token.get().accepts(Optional.ofNullable(x.getRequestHeaders().getFirst("Authorization")))) {
                x.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"qkd-macsec\"");
                json(x, 401, ApiJson.error("a valid bearer token is required (Authorization: Bearer <token>)"));
                return;
            }
            route(x, path);
        } catch (RuntimeException e) {
            LOG.error("event=api_error method={} path={} error=\"{}\"", x.getRequestMethod(), x.getRequestURI().getRawPath(), e.toString());
            json(x, 500, ApiJson.error("internal error: " + e.getClass().getSimpleName()));
        }
    }

    private void route(HttpExchange x, String path) throws IOException {
        List<String> seg = segments(path);
        String method = x.getRequestMethod();
        if (seg.equals(List.of("health"))) {
            if (get(x, method)) {
                json(x, 200, ApiJson.MAPPER.createObjectNode().put("status", "up"));
            }
        } else if (seg.equals(List.of("ready"))) {
            if (get(x, method)) {
                ApiBackend.Readiness r = backend.readiness();
                var o = ApiJson.MAPPER.createObjectNode().put("status", r.ready() ? "ready" : "not_ready");
                var checks = o.putObject("checks");
                r.checks().forEach(checks::put);
                json(x, r.ready() ? 200 : 503, o);
            }
        } else if (seg.equals(List.of("metrics"))) {
            if (get(x, method)) {
                send(x, 200, PROMETHEUS_TYPE, backend.scrape().getBytes(StandardCharsets.UTF_8));
            }
        } else if (seg.equals(List.of("api", "links"))) {
            if (get(x, method)) {
                json(x, 200, ApiJson.links(backend.links(), clock.instant()));
            }
        } else if (seg.size() == 3 && seg.subList(0, 2).equals(List.of("api", "links"))) {
            if (get(x, method)) {
                String id = seg.get(2);
                Optional<ApiBackend.LinkStatus> l = backend.link(id);
                if (l.isPresent()) {
                    json(x, 200, ApiJson.link(l.get(), clock.instant()));
                } else {
                    json(x, 404, ApiJson.error("no link '" + id + "' in the inventory"));
                }
            }
        } else if (seg.size() == 4 && seg.subList(0, 2).equals(List.of("api", "links")) && seg.get(3).equals("history")) {
            if (get(x, method)) {
                history(x, seg.get(2));
            }
        } else if (seg.size() == 4 && seg.subList(0, 2).equals(List.of("api", "links")) && seg.get(3).equals("rollover")) {
            if (allow(x, method, "POST")) {
                rollover(x, seg.get(2));
            }
        } else {
            json(x, 404, ApiJson.error("no such endpoint: " + path + " (see docs/api.md)"));
        }
    }

    private void history(HttpExchange x, String id) throws IOException {
        int limit = 20;
        String q = Optional.ofNullable(x.getRequestURI().getRawQuery()).orElse("");
        for (String p : q.split("&")) {
            if (p.startsWith("limit=")) {
                try {
                    limit = Integer.parseInt(p.substring(6));
                } catch (NumberFormatException e) {
                    limit = -1;
                }
                if (limit < 1 || limit > 500) {
                    json(x, 400, ApiJson.error("limit must be a whole number from 1 to 500"));
                    return;
                }
            }
        }
        Optional<List<ApiBackend.TxnHistory>> h = backend.history(id, limit);
        if (h.isPresent()) {
            json(x, 200, ApiJson.history(id, h.get()));
        } else {
            json(x, 404, ApiJson.error("no link '" + id + "' in the inventory"));
        }
    }

    private void rollover(HttpExchange x, String id) throws IOException {
        ApiBackend.RolloverAccepted r = backend.rollover(id);
        int status = switch (r.outcome()) {
            case ACCEPTED -> 202;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
        if (status != 202) {
            json(x, status, ApiJson.error(r.message()));
            return;
        }
        var o = ApiJson.MAPPER.createObjectNode().put("link", id).put("status", "accepted");
        if (r.txnId().isPresent()) {
            o.put("txn", r.txnId().get());
            x.getResponseHeaders().add("Location", "/api/links/" + id + "/history");
        } else {
            o.putNull("txn");
        }
        o.put("message", r.message());
        json(x, 202, o);
    }

    private static boolean get(HttpExchange x, String method) throws IOException {
        return allow(x, method, "GET");
    }

    private static boolean allow(HttpExchange x, String method, String allowed) throws IOException {
        if (method.equals(allowed)) {
            return true;
        }
        x.getResponseHeaders().add("Allow", allowed);
        json(x, 405, ApiJson.error(method + " is not allowed here; use " + allowed));
        return false;
    }

    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void json(HttpExchange x, int status, JsonNode body) throws IOException {
        try {
            send(x, status, "application/json", ApiJson.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IOException(e);
        }
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
