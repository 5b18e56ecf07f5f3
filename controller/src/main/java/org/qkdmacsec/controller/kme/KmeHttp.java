package org.qkdmacsec.controller.kme;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.reactor.ssl.SSLBufferMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.qkdmacsec.controller.inventory.Kme;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One KME's HTTP/1.1 transport: sends a request <em>at most once</em> and returns the KME's answer (status
 * and capped body) or a {@link KmeException} that says whether the request may have reached the KME.
 *
 * <p>Apache HttpClient 5 rather than {@code java.net.http}: the JDK client re-sends a GET by itself when a
 * reused connection closes before any byte of the answer (JDK 17 {@code MultiExchange.getExceptionalCF} on a
 * {@code ConnectionExpiredException} from {@code Http1AsyncReceiver.onReadError}; only the JVM-wide
 * {@code jdk.httpclient.enableAllMethodRetry} widens it, nothing narrows it), so a GET {@code enc_keys}
 * could hand out keys twice. Here every layer that can re-send is switched off: automatic retries,
 * redirects, and authentication (no auth schemes at all, so a 401 is only ever an answer).
 */
final class KmeHttp implements AutoCloseable {
    /** What the KME answered. */
    record Answer(int status, byte[] body, Optional<Duration> retryAfter) { }

    private static final Logger LOG = LoggerFactory.getLogger(KmeHttp.class);
    /** Set on the request's context just before its bytes go out: from then on the KME may have it. */
    private static final String SENT = "qkd-macsec.request-sent";

    private final Kme kme;
    private final int maxBody;
    private final CloseableHttpClient http;
    private final ExecutorService executor;
    private final Duration bound;

    KmeHttp(Kme kme, SSLContext tls, int maxBody) {
        silenceWireLog();
        this.kme = kme;
        this.maxBody = maxBody;
        this.bound = kme.connectTimeout().multipliedBy(2).plus(kme.readTimeout()).plusSeconds(1);
        PoolingHttpClientConnectionManagerBuilder pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(8).setMaxConnTotal(8)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout(kme.connectTimeout())).setSocketTimeout(timeout(kme.readTimeout()))
                        // Check an idle pooled connection before reusing it, so a KME that closed it while
                        // idle costs a reconnect rather than a request of unknown fate.
                        .setValidateAfterInactivity(TimeValue.ofMilliseconds(500)).setTimeToLive(TimeValue.ofMinutes(5))
                        .build())
                .setDefaultTlsConfig(TlsConfig.custom().setHandshakeTimeout(timeout(kme.connectTimeout()))
                        .setSupportedProtocols(KmeTls.PROTOCOLS).build());
        if (tls != null) {
            // Host name or pin: checked by KmeTls's trust manager during the handshake, where the failure can
            // name the options; the library's own check would only repeat it.
            pool.setTlsSocketStrategy(new DefaultClientTlsStrategy(tls, KmeTls.PROTOCOLS, null, SSLBufferMode.STATIC,
                    HostnameVerificationPolicy.CLIENT, NoopHostnameVerifier.INSTANCE));
        }
        this.http = HttpClients.custom().setConnectionManager(pool.build())
                .disableAutomaticRetries().disableRedirectHandling().disableAuthCaching().disableCookieManagement()
                // One client, one identity (this KME's SAE certificate): a pooled connection needs no user token.
                // With it, the TLS principal marks each connection "stateful" and a request with a fresh context
                // never reuses one, so every request paid a full mutual-TLS handshake.
                .disableConnectionState()
                .disableContentCompression().setDefaultAuthSchemeRegistry(RegistryBuilder.<org.apache.hc.client5.http.auth.AuthSchemeFactory>create().build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout(kme.readTimeout()))
                        .setConnectionRequestTimeout(timeout(kme.connectTimeout())).setRedirectsEnabled(false).build())
                .addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), "qkd-macsec-sent", (request, scope, chain) -> {
                    scope.clientContext.setAttribute(SENT, Boolean.TRUE);
                    return chain.proceed(request, scope);
                })
                .setUserAgent("qkd-macsec")
                .build();
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kme-client-" + kme.id() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Sends {@code request} once. The whole exchange is bounded by twice the connect timeout (TCP, then
     * TLS) plus the read timeout plus 1 s, whatever the KME trickles.
     *
     * @param consumes whether a lost answer may mean keys consumed at the KME ({@code dec_keys})
     */
    Answer send(String op, HttpUriRequestBase request, boolean consumes) {
        request.setHeader("Accept", "application/json");
        LOG.debug("KME {}: {} {}", kme.id(), request.getMethod(), request.getRequestUri());
        HttpClientContext context = HttpClientContext.create();
        Future<Answer> future = executor.submit(() -> http.execute(request, context, handler()));
        try {
            return future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.cancel();
            future.cancel(true);
            throw failure(KmeException.Kind.TIMEOUT, op, sent(context), consumes,
                    "no complete answer within " + bound.toSeconds() + " s", null);
        } catch (InterruptedException e) {
            request.cancel();
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw failure(KmeException.Kind.TIMEOUT, op, sent(context), consumes, "interrupted", e);
        } catch (ExecutionException e) {
            throw transportError(op, e.getCause(), sent(context), consumes);
        }
    }

    private HttpClientResponseHandler<Answer> handler() {
        return response -> {
            Optional<Duration> retryAfter = retryAfter(response);
            HttpEntity entity = response.getEntity();
            if (entity == null) {
                return new Answer(response.getCode(), new byte[0], retryAfter);
            }
            if (entity.getContentLength() > maxBody) {
                throw new CappedBody.TooLarge(maxBody);
            }
            try (InputStream in = entity.getContent()) {
                return new Answer(response.getCode(), CappedBody.read(in, maxBody), retryAfter);
            }
        };
    }

    private static Optional<Duration> retryAfter(ClassicHttpResponse response) {
        Header h = response.getFirstHeader("Retry-After");
        if (h == null) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(h.getValue().strip());
            return seconds >= 0 && seconds <= 3600 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date: not worth trusting a KME's clock for
        }
    }

    private static boolean sent(HttpClientContext context) {
        return Boolean.TRUE.equals(context.getAttribute(SENT));
    }

    /** Every transport failure, with whether the request may have reached the KME. */
    private KmeException transportError(String op, Throwable cause, boolean sent, boolean consumes) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CappedBody.TooLarge) {
                return new KmeException(KmeException.Kind.MALFORMED, kme.id(), op, OptionalInt.of(200), null, consumes,
                        KmeException.Delivery.ANSWERED, Optional.empty(), t.getMessage(), null);
            }
        }
        Throwable t = cause;
        if (t instanceof SSLException && !sent) {
            return failure(KmeException.Kind.TLS, op, false, false, "TLS handshake failed: " + KmeTls.explain(kme, t), t);
        }
        if (t instanceof SSLException && refusedByAlert(t)) {
            // TLS 1.3: the server checks the client certificate after the client's handshake is done, so its
            // refusal arrives as an alert on the first read. Its TLS layer refused: no HTTP request was processed.
            return failure(KmeException.Kind.TLS, op, false, false, "the KME refused the TLS session ("
                    + describe(t) + "): its certificate check failed, most likely on the client certificate", t);
        }
        if (t instanceof ConnectTimeoutException || !sent && t instanceof SocketTimeoutException) {
            return failure(KmeException.Kind.TIMEOUT, op, false, false,
                    "no connection within " + kme.connectTimeout().toMillis() + " ms", t);
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException) {
            return failure(KmeException.Kind.CONNECT, op, false, false, "cannot connect to " + kme.url() + ": "
                    + (t instanceof UnknownHostException ? "unknown host" : describe(t)), t);
        }
        if (!sent) {
            return failure(KmeException.Kind.CONNECT, op, false, false, "cannot reach " + kme.url() + ": " + describe(t), t);
        }
        if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException) {
            return failure(KmeException.Kind.TIMEOUT, op, true, consumes,
                    "no answer within " + kme.readTimeout().toMillis() + " ms", t);
        }
        return failure(KmeException.Kind.CONNECTION_LOST, op, true, consumes,
                "the connection ended without a complete answer (" + describe(t) + ")", t);
    }

    private static boolean refusedByAlert(Throwable t) {
        String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("bad_certificate") || m.contains("certificate_required") || m.contains("unknown_ca")
                || m.contains("certificate_unknown") || m.contains("access_denied") || m.contains("handshake_failure");
    }

    private KmeException failure(KmeException.Kind kind, String op, boolean sent, boolean consumes, String detail,
                                 Throwable cause) {
        return new KmeException(kind, kme.id(), op, OptionalInt.empty(), null, consumes && sent,
                sent ? KmeException.Delivery.UNKNOWN : KmeException.Delivery.NOT_SENT, Optional.empty(), detail, cause);
    }

    /**
     * Apache's wire log writes every byte of every body at DEBUG, keys included: it is switched off each time
     * a client is built, so neither a DEBUG root level nor a reloaded configuration can turn it on for us.
     */
    static void silenceWireLog() {
        if (LoggerFactory.getLogger(WIRE_LOG) instanceof ch.qos.logback.classic.Logger wire) {
            wire.setLevel(ch.qos.logback.classic.Level.OFF);
        }
    }

    static final String WIRE_LOG = "org.apache.hc.client5.http.wire";

    /** Class and message of a failure; never "null". */
    static String describe(Throwable t) {
        if (t == null) {
            return "unknown cause";
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    private static Timeout timeout(Duration d) {
        return Timeout.ofMilliseconds(Math.max(1, d.toMillis()));
    }

    @Override
    public void close() {
        executor.shutdownNow();
        http.close(org.apache.hc.core5.io.CloseMode.IMMEDIATE);
    }

    static void wipe(byte[] b) {
        Arrays.fill(b, (byte) 0);
    }
}
