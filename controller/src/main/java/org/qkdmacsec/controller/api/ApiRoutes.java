package org.qkdmacsec.controller.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps a request that passed {@link RequestGuard} onto the backend and writes the answer (docs/api.md "Endpoints"). */
final class ApiRoutes {
    static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final ApiBackend backend;
    private final Clock clock;

    ApiRoutes(ApiBackend backend, Clock clock) {
        this.backend = backend;
        this.clock = clock;
    }

    void route(HttpExchange x, String path) throws IOException {
        String method = x.getRequestMethod();
        if (Dashboard.serves(path)) {
            if (allow(x, method, "GET")) {
                var asset = Dashboard.asset(path).orElseThrow();
                x.getResponseHeaders().set("Content-Security-Policy", Dashboard.CSP);
                send(x, 200, asset.getKey(), asset.getValue());
            }
            return;
        }
        List<String> seg = segments(path);
        boolean links = seg.size() >= 2 && seg.get(0).equals("api") && seg.get(1).equals("links");
        if (seg.equals(List.of("health"))) {
            if (allow(x, method, "GET")) {
                json(x, 200, ApiJson.MAPPER.createObjectNode().put("status", "up"));
            }
        } else if (seg.equals(List.of("ready"))) {
            if (allow(x, method, "GET")) {
                ApiBackend.Readiness r = backend.readiness();
                var o = ApiJson.MAPPER.createObjectNode().put("status", r.ready() ? "ready" : "not_ready");
                var checks = o.putObject("checks");
                r.checks().forEach(checks::put);
                json(x, r.ready() ? 200 : 503, o);
            }
        } else if (seg.equals(List.of("metrics"))) {
            if (allow(x, method, "GET")) {
                send(x, 200, PROMETHEUS_TYPE, backend.scrape().getBytes(StandardCharsets.UTF_8));
            }
        } else if (links && seg.size() == 2) {
            if (allow(x, method, "GET")) {
                json(x, 200, ApiJson.links(backend.links(), clock.instant()));
            }
        } else if (links && seg.size() == 3) {
            if (allow(x, method, "GET")) {
                Optional<LinkReport> l = backend.link(seg.get(2));
                if (l.isPresent()) {
                    json(x, 200, LinkJson.write(l.get(), clock.instant()));
                } else {
                    json(x, 404, ApiJson.error("no link '" + seg.get(2) + "' in the inventory"));
                }
            }
        } else if (links && seg.size() == 4 && seg.get(3).equals("history")) {
            if (allow(x, method, "GET")) {
                history(x, seg.get(2));
            }
        } else if (links && seg.size() == 4 && seg.get(3).equals("rollover")) {
            if (allow(x, method, "POST")) {
                rollover(x, seg.get(2));
            }
        } else if (seg.equals(List.of("api", "timeline"))) {
            if (allow(x, method, "GET")) {
                json(x, 200, ApiJson.timeline(backend.timeline(), clock.instant()));
            }
        } else if (seg.equals(List.of("api", "kmes"))) {
            if (allow(x, method, "GET")) {
                json(x, 200, ApiJson.kmes(backend.kmes(), clock.instant()));
            }
        } else if (seg.equals(List.of("api", "alarms"))) {
            if (allow(x, method, "GET")) {
                Optional<Integer> limit = limit(x, 50);
                if (limit.isPresent()) {
                    json(x, 200, ApiJson.alarms(backend.alarms(limit.get()), clock.instant()));
                }
            }
        } else {
            json(x, 404, ApiJson.error("no such endpoint: " + path + " (see docs/api.md)"));
        }
    }

    private void history(HttpExchange x, String id) throws IOException {
        Optional<Integer> limit = limit(x, 20);
        if (limit.isEmpty()) {
            return;
        }
        Optional<List<ApiBackend.TxnHistory>> h = backend.history(id, limit.get());
        if (h.isPresent()) {
            json(x, 200, ApiJson.history(id, h.get()));
        } else {
            json(x, 404, ApiJson.error("no link '" + id + "' in the inventory"));
        }
    }

    private void rollover(HttpExchange x, String id) throws IOException {
        String force = query(x).getOrDefault("force", "false");
        if (!force.equals("true") && !force.equals("false")) {
            json(x, 400, ApiJson.error("force must be true or false"));
            return;
        }
        ApiBackend.RolloverAccepted r = backend.rollover(id, force.equals("true"));
        int status = switch (r.outcome()) {
            case ACCEPTED -> 202;
            case NOT_FOUND -> 404;
            case CONFLICT, HELD_DOWN -> 409;
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

    /** {@code ?limit=N} (1–500), or a 400 answer and empty. */
    private static Optional<Integer> limit(HttpExchange x, int dflt) throws IOException {
        String v = query(x).get("limit");
        if (v == null) {
            return Optional.of(dflt);
        }
        int limit;
        try {
            limit = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 500) {
            json(x, 400, ApiJson.error("limit must be a whole number from 1 to 500"));
            return Optional.empty();
        }
        return Optional.of(limit);
    }

    private static Map<String, String> query(HttpExchange x) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = Optional.ofNullable(x.getRequestURI().getRawQuery()).orElse("");
        for (String p : q.split("&")) {
            int eq = p.indexOf('=');
            if (eq > 0) {
                out.putIfAbsent(URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
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

    static void json(HttpExchange x, int status, JsonNode body) throws IOException {
        try {
            send(x, status, "application/json", ApiJson.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IOException(e);
        }
    }

    static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }
}
