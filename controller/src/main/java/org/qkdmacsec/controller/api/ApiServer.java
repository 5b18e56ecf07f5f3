package org.qkdmacsec.controller.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.qkdmacsec.spi.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP(S) API and dashboard (docs/api.md, docs/dashboard.md) on the JDK's own
 * {@code com.sun.net.httpserver}: a dozen read-mostly endpoints need routing, JSON and a few header
 * checks, which the JDK server does in-process with no further dependency and no extra attack surface
 * to keep patched (Javalin would bring Jetty and Kotlin's standard library for the same).
 *
 * <p>Every request passes {@link RequestGuard} first (Host, Origin, bearer token). A non-loopback
 * address is served over HTTPS only.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("qkd_macsec.api");

    /**
     * How to serve.
     *
     * @param token          the bearer token every change needs (closed by the caller; only its digest is kept)
     * @param reads          whether reads need the token too
     * @param allowedHosts   DNS names clients use to reach the API, besides IP literals and localhost
     * @param allowedOrigins further browser origins allowed to call the API (a TLS proxy's, e.g. {@code https://noc.example.net})
     * @param tls            serve HTTPS with this context; required on a non-loopback address
     */
    public record Options(String bind, int port, Secret token, ReadAccess reads, Set<String> allowedHosts, Set<String> allowedOrigins,
                          Optional<SSLContext> tls, MeterRegistry registry) {
        public Options {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(reads, "reads");
            allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
            allowedOrigins = Set.copyOf(allowedOrigins);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final RequestGuard guard;
    private final ApiRoutes routes;
    private final MeterRegistry registry;
    private final String scheme;

    private ApiServer(HttpServer server, ExecutorService executor, RequestGuard guard, ApiRoutes routes, MeterRegistry registry,
                      String scheme) {
        this.server = server;
        this.executor = executor;
        this.guard = guard;
        this.routes = routes;
        this.registry = registry;
        this.scheme = scheme;
    }

    /**
     * Starts serving.
     *
     * @throws IllegalArgumentException {@code bind} does not resolve, or is not a loopback address and there is no TLS context
     * @throws IOException              the address cannot be bound
     */
    public static ApiServer start(Options o, ApiBackend backend, Clock clock) throws IOException {
        InetAddress address;
        try {
            address = InetAddress.getByName(o.bind());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("api.bind: cannot resolve '" + o.bind() + "'", e);
        }
        if (!address.isLoopbackAddress() && o.tls().isEmpty()) {
            throw new IllegalArgumentException("api.bind " + o.bind() + " is not a loopback address: the API is served there over"
                    + " HTTPS only (set api.tls.cert and api.tls.key, or api.tls.pkcs12 and api.tls.password)");
        }
        HttpServer s;
        if (o.tls().isPresent()) {
            HttpsServer https = HttpsServer.create(new InetSocketAddress(address, o.port()), 64);
            https.setHttpsConfigurator(new HttpsConfigurator(o.tls().get()) {
                @Override
                public void configure(HttpsParameters p) {
                    SSLParameters params = getSSLContext().getDefaultSSLParameters();
                    params.setProtocols(ApiTls.PROTOCOLS);
                    p.setSSLParameters(params);
                }
            });
            s = https;
        } else {
            s = HttpServer.create(new InetSocketAddress(address, o.port()), 64);
        }
        String scheme = o.tls().isPresent() ? "https" : "http";
        AtomicInteger n = new AtomicInteger();
        ExecutorService ex = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "api-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        RequestGuard guard = new RequestGuard(new BearerToken(o.token()), o.reads(), o.allowedHosts(), o.allowedOrigins(), scheme,
                s.getAddress().getPort());
        for (String reason : List.of("host", "origin", "token")) {
            refusals(o.registry(), reason); // present from the first scrape
        }
        ApiServer api = new ApiServer(s, ex, guard, new ApiRoutes(backend, clock), o.registry(), scheme);
        s.createContext("/", api::handle);
        s.setExecutor(ex);
        s.start();
        LOG.info("event=api_started url={}://{}:{}/ reads={} allowed_hosts={}", scheme, s.getAddress().getHostString(),
                s.getAddress().getPort(), o.reads().name().toLowerCase(Locale.ROOT), o.allowedHosts());
        return api;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** {@code http} or {@code https}. */
    public String scheme() {
        return scheme;
    }

    private void handle(HttpExchange x) throws IOException {
        // The catch sits inside the try-with-resources: a resource is closed before its own catch runs,
        // and a 500 must still reach the client.
        try (x) {
            try {
                serve(x);
            } catch (RuntimeException e) {
                LOG.error("event=api_error method={} path={} error=\"{}\"", x.getRequestMethod(), x.getRequestURI().getRawPath(), e.toString());
                ApiRoutes.json(x, 500, ApiJson.error("internal error: " + e.getClass().getSimpleName()));
            }
        }
    }

    private void serve(HttpExchange x) throws IOException {
        var h = x.getResponseHeaders();
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
        String path = x.getRequestURI().getRawPath();
        Optional<RequestGuard.Refusal> refused = guard.check(x.getRequestMethod(), path, x.getRequestHeaders());
        if (refused.isPresent()) {
            RequestGuard.Refusal r = refused.get();
            refusals(registry, r.reason()).increment();
            LOG.warn("event=api_refused reason={} status={} method={} path=\"{}\" remote={}", r.reason(), r.status(), x.getRequestMethod(),
                    path.length() > 200 ? path.substring(0, 200) : path, x.getRemoteAddress().getAddress().getHostAddress());
            if (r.status() == 401) {
                h.add("WWW-Authenticate", "Bearer realm=\"qkd-macsec\"");
            }
            ApiRoutes.json(x, r.status(), ApiJson.error(r.message()));
            return;
        }
        routes.route(x, path);
    }

    private static Counter refusals(MeterRegistry registry, String reason) {
        return Counter.builder("qkd_macsec_api_refused_total").description("API requests refused by the Host, Origin or token check")
                .tag("reason", reason).register(registry);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
