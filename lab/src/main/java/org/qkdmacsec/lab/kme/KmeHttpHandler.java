package org.qkdmacsec.lab.kme;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of one KME: routes the request, applies the armed faults around the protocol, writes
 * the reply and logs one line per request (method, path, caller SAE, status, number of keys — never a
 * body, a query string or key material).
 */
final class KmeHttpHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(KmeHttpHandler.class);

    private final String kmeId;
    private final Faults faults;
    private final Quirks quirks;
    private final RequestCounts counts;
    private final KmeProtocol protocol;
    private final SecureRandom random;

    KmeHttpHandler(Kme kme, KmeProtocol protocol, SecureRandom random) {
        this.kmeId = kme.id();
        this.faults = kme.faults();
        this.quirks = kme.quirks();
        this.counts = kme.requests();
        this.protocol = protocol;
        this.random = random;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        Request request = null;
        Reply reply;
        try {
            Route route = protocol.route(exchange.getRequestURI());
            counts.count(route.endpoint(), exchange.getRemoteAddress());
            request = new Request(exchange, route, faults.take(route.endpoint()), quirks.current());
            if (request.hasFault(Fault.Kind.UNAVAILABLE)) {
                reply = new Reply(503, new Wire.Error("KME '" + kmeId + "' is unavailable (injected fault)", null));
            } else if (request.hasFault(Fault.Kind.UNAUTHORIZED)) {
                reply = new Reply(401, new Wire.Error("SAE '" + request.caller() + "' is not authorized at KME '" + kmeId
                        + "' (injected fault)", null));
            } else {
                reply = tamper(protocol.serve(request), request);
            }
        } catch (EtsiError e) {
            reply = Reply.of(e);
        } catch (RuntimeException e) {
            LOG.warn("{} {} {} failed: {}", kmeId, method, path, e.toString());
            reply = new Reply(500, new Wire.Error("internal error of KME '" + kmeId + "'", null));
        }
        String caller = request == null ? "-" : request.caller();
        try {
            if (request != null && !delay(request)) {
                return; // the server is stopping
            }
            if (request != null && request.hasFault(Fault.Kind.DROP_CONNECTION)) {
                LOG.info("{} {} {} sae={} status=dropped keys={}", kmeId, method, path, caller, reply.keyCount());
                return; // closing an exchange before any header is sent closes the connection
            }
            send(exchange, reply);
            LOG.info("{} {} {} sae={} status={} keys={}", kmeId, method, path, caller, reply.status(),
                    reply.keyCount());
        } catch (IOException e) {
            LOG.info("{} {} {} sae={} client went away: {}", kmeId, method, path, caller, e.toString());
        } finally {
            exchange.close();
        }
    }

    /** Sleeps for the injected latency; false when interrupted (the KME is stopping). */
    private static boolean delay(Request request) {
        Duration total = Duration.ZERO;
        for (Fault f : request.faults()) {
            if (f.kind() == Fault.Kind.LATENCY) {
                total = total.plus(f.latency());
            }
        }
        try {
            // Wall-clock on purpose: the latency is aimed at the client's socket timeouts.
            Thread.sleep(total.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Reply tamper(Reply reply, Request request) {
        if (!(reply.body() instanceof Wire.KeyContainer container)) {
            return reply;
        }
        boolean wrong = request.hasFault(Fault.Kind.WRONG_KEY);
        boolean corrupt = request.hasFault(Fault.Kind.CORRUPT_KEY);
        if (!wrong && !corrupt) {
            return reply;
        }
        List<Wire.Key> keys = container.keys().stream()
                .map(k -> new Wire.Key(k.keyId(), corrupt ? corrupted(k.key()) : different(k.key()))).toList();
        return new Reply(reply.status(), new Wire.KeyContainer(keys));
    }

    /** Valid base64 of the same length, of other random bytes. */
    private String different(String keyBase64) {
        byte[] real = Base64.getDecoder().decode(keyBase64);
        byte[] other = new byte[real.length];
        do {
            random.nextBytes(other);
        } while (Arrays.equals(real, other));
        Arrays.fill(real, (byte) 0);
        return Base64.getEncoder().encodeToString(other);
    }

    /**
     * Random base64 of the same length with characters outside the alphabet put in, so any strict
     * decoder fails; built from fresh random bytes so a client that prints it leaks nothing.
     */
    private String corrupted(String keyBase64) {
        char[] c = different(keyBase64).toCharArray();
        c[0] = '*';
        c[c.length / 2] = '%';
        return new String(c);
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes;
        if (reply.body() instanceof String text) {
            bytes = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", text.startsWith("<") ? "text/html; charset=utf-8"
                    : "text/plain; charset=utf-8");
        } else {
            bytes = Wire.JSON.writeValueAsBytes(reply.body());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        try {
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
