package org.qkdmacsec.controller.kme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.qkdmacsec.controller.inventory.Kme;
import org.qkdmacsec.controller.inventory.KmeMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of one KME (ETSI GS QKD 014 v1.1.1) acting as the SAE the inventory gives it, over
 * {@code java.net.http} with mutual TLS ({@link KmeTls}). Every answer is validated before keys are
 * handed out; failures are {@link KmeException}s. Only {@code status} is retried: {@code enc_keys} and
 * {@code dec_keys} consume keys at the KME, so a blind retry could lose or duplicate keys.
 *
 * <pre>{@code
 * try (KmeClient a = KmeClient.open(inventory.kmeOf(link.enc()));
 *      KmeClient b = KmeClient.open(inventory.kmeOf(link.dec()))) {
 *     List<QkdKey> enc = a.encKeys(link.dec().saeId(), 2, link.keySizeBits());
 *     List<QkdKey> dec = b.decKeys(link.enc().saeId(), enc.stream().map(QkdKey::keyId).toList(), link.keySizeBits());
 *     ...   QkdKey.closeAll(enc); QkdKey.closeAll(dec);
 * }
 * }</pre>
 *
 * Thread-safe: one client may serve concurrent calls.
 */
public final class KmeClient implements AutoCloseable {
    /** Cap on any response body. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    static final int STATUS_ATTEMPTS = 3;
    static final Duration STATUS_BACKOFF = Duration.ofMillis(500);

    private static final Logger LOG = LoggerFactory.getLogger(KmeClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Kme kme;
    private final HttpClient http;
    private final ExecutorService executor;
    private final Map<String, Integer> batchSizes = new ConcurrentHashMap<>();

    private KmeClient(Kme kme, HttpClient http, ExecutorService executor) {
        this.kme = kme;
        this.http = http;
        this.executor = executor;
    }

    /** A client for {@code kme}; reads its certificate, key and CA files now (CONFIG errors). */
    public static KmeClient open(Kme kme) {
        Objects.requireNonNull(kme, "kme");
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kme-client-" + kme.id() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            HttpClient.Builder b = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1) // ETSI 014 KMEs speak HTTP/1.1; no h2c upgrade attempts
                    .connectTimeout(kme.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(executor);
            if (kme.url().getScheme().equals("https")) {
                b.sslContext(new KmeTls(kme).context()).sslParameters(KmeTls.parameters());
            }
            return new KmeClient(kme, b.build(), executor);
        } catch (RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    public String kmeId() {
        return kme.id();
    }

    /**
     * {@code GET {peer}/status}. Retried up to 3 times on 503, timeouts and connection failures (it
     * changes nothing at the KME). A KME without {@code /status} answers {@link KmeException.Kind#NOT_FOUND}.
     */
    public KmeStatus status(String peerSaeId) {
        String op = "status (peer SAE " + peerSaeId + ")";
        for (int attempt = 1; ; attempt++) {
            try {
                byte[] body = send(op, HttpRequest.newBuilder(uri(peerSaeId, "status", null)).GET(), false);
                return parseStatus(op, body);
            } catch (KmeException e) {
                if (!e.transientFailure() || attempt >= STATUS_ATTEMPTS) {
                    throw e;
                }
                LOG.warn("KME {}: {} failed ({}), retry {} of {}", kme.id(), op, e.kind(), attempt, STATUS_ATTEMPTS - 1);
                pause(STATUS_BACKOFF.multipliedBy(attempt));
            }
        }
    }

    /**
     * Fetches {@code number} new keys of {@code sizeBits} for slave SAE {@code slaveSaeId}, as the master,
     * in batches of at most {@code max_key_per_request}. The caller closes the returned keys. On failure
     * no key is returned (keys of earlier batches are wiped; the KME drops undelivered keys by itself).
     */
    public List<QkdKey> encKeys(String slaveSaeId, int number, int sizeBits) {
        if (number < 1 || sizeBits < 8 || sizeBits % 8 != 0) {
            throw new IllegalArgumentException("enc_keys needs number >= 1 and a size in whole bytes, got "
                    + number + " x " + sizeBits + " bits");
        }
        String op = "enc_keys (slave SAE " + slaveSaeId + ")";
        int batch = number == 1 ? 1 : batchSize(slaveSaeId);
        List<QkdKey> all = new ArrayList<>();
        try {
            while (all.size() < number) {
                int n = Math.min(batch, number - all.size());
                HttpRequest.Builder req = kme.method() == KmeMethod.GET
                        ? HttpRequest.newBuilder(uri(slaveSaeId, "enc_keys", "number=" + n + "&size=" + sizeBits)).GET()
                        : post(slaveSaeId, "enc_keys", JSON.createObjectNode().put("number", n).put("size", sizeBits));
                byte[] body = send(op, req, false);
                List<QkdKey> keys = keys(op, body, false);
                all.addAll(keys);
                validate(op, keys, n, sizeBits, null, false);
            }
            unique(op, all, false);
            LOG.info("KME {}: {}: {} key(s) of {} bits, key_IDs {}", kme.id(), op, number, sizeBits, ids(all));
            return all;
        } catch (RuntimeException e) {
            QkdKey.closeAll(all);
            throw e;
        }
    }

    /**
     * Fetches the keys {@code keyIds} that master SAE {@code masterSaeId} obtained with {@code enc_keys},
     * checking each is {@code sizeBits} long. Keys come back in the order asked. A KME deletes a key
     * once it delivers it, so failures say the keys may be consumed ({@link KmeException#keysMayBeConsumed()}).
     */
    public List<QkdKey> decKeys(String masterSaeId, List<String> keyIds, int sizeBits) {
        if (keyIds.isEmpty() || new HashSet<>(keyIds).size() != keyIds.size()) {
            throw new IllegalArgumentException("dec_keys needs distinct key_IDs, got " + keyIds);
        }
        String op = "dec_keys (master SAE " + masterSaeId + ")";
        int batch = kme.method() == KmeMethod.GET || keyIds.size() == 1 ? 1 : batchSize(masterSaeId);
        List<QkdKey> all = new ArrayList<>();
        try {
            for (int from = 0; from < keyIds.size(); from += batch) {
                List<String> ask = keyIds.subList(from, Math.min(keyIds.size(), from + batch));
                HttpRequest.Builder req;
                if (kme.method() == KmeMethod.GET) {
                    req = HttpRequest.newBuilder(uri(masterSaeId, "dec_keys",
                            "key_ID=" + URLEncoder.encode(ask.get(0), StandardCharsets.UTF_8))).GET();
                } else {
                    ObjectNode body = JSON.createObjectNode();
                    ArrayNode ids = body.putArray("key_IDs");
                    ask.forEach(id -> ids.addObject().put("key_ID", id));
                    req = post(masterSaeId, "dec_keys", body);
                }
                byte[] body = send(op, req, true);
                List<QkdKey> keys = keys(op, body, true);
                all.addAll(keys);
                validate(op, keys, ask.size(), sizeBits, ask, true);
            }
            List<QkdKey> ordered = inOrder(all, keyIds);
            LOG.info("KME {}: {}: {} key(s), key_IDs {}", kme.id(), op, ordered.size(), keyIds);
            return ordered;
        } catch (RuntimeException e) {
            QkdKey.closeAll(all);
            throw e;
        }
    }

    /** Stops the client's threads. Keys already returned stay valid until their owners close them. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    private URI uri(String saeId, String endpoint, String query) {
        String path = kme.apiRoot() + URLEncoder.encode(saeId, StandardCharsets.UTF_8) + "/" + endpoint;
        return URI.create(query == null ? path : path + "?" + query);
    }

    private HttpRequest.Builder post(String saeId, String endpoint, ObjectNode body) {
        return HttpRequest.newBuilder(uri(saeId, endpoint, null))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    /**
     * Sends one request and returns the body of a 200 answer; anything else becomes a typed error. The
     * whole exchange is bounded by connect + read timeout.
     */
    private byte[] send(String op, HttpRequest.Builder builder, boolean consumes) {
        HttpRequest request = builder.timeout(kme.readTimeout()).header("Accept", "application/json").build();
        LOG.debug("KME {}: {} {}", kme.id(), request.method(), request.uri());
        Duration bound = kme.connectTimeout().plus(kme.readTimeout()).plusSeconds(1);
        var future = http.sendAsync(request, CappedBody.handler(MAX_BODY_BYTES));
        HttpResponse<byte[]> response;
        try {
            response = future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw error(KmeException.Kind.TIMEOUT, op, OptionalInt.empty(), null, consumes,
                    "no complete answer within " + bound.toSeconds() + " s", null);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw error(KmeException.Kind.TIMEOUT, op, OptionalInt.empty(), null, consumes, "interrupted", e);
        } catch (ExecutionException e) {
            throw transportError(op, e.getCause(), consumes);
        }
        byte[] body = response.body();
        int status = response.statusCode();
        if (body == null) {
            throw error(KmeException.Kind.MALFORMED, op, OptionalInt.of(status), null, consumes,
                    "response body larger than " + MAX_BODY_BYTES + " bytes", null);
        }
        if (status == 200) {
            return body;
        }
        String message = ErrorBodies.message(body);
        Arrays.fill(body, (byte) 0);
        KmeException.Kind kind = switch (status) {
            case 400 -> KmeException.Kind.BAD_REQUEST;
            case 401 -> KmeException.Kind.UNAUTHORIZED;
            case 403 -> KmeException.Kind.FORBIDDEN;
            case 404 -> KmeException.Kind.NOT_FOUND;
            case 503 -> KmeException.Kind.UNAVAILABLE;
            default -> KmeException.Kind.HTTP_ERROR;
        };
        throw error(kind, op, OptionalInt.of(status), message, consumes, "refused", null);
    }

    private KmeException transportError(String op, Throwable cause, boolean consumes) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CappedBody.TooLarge) {
                return error(KmeException.Kind.MALFORMED, op, OptionalInt.empty(), null, consumes, t.getMessage(), null);
            }
            if (t instanceof HttpConnectTimeoutException) {
                return error(KmeException.Kind.TIMEOUT, op, OptionalInt.empty(), null, false,
                        "no connection within " + kme.connectTimeout().toMillis() + " ms", t);
            }
            if (t instanceof HttpTimeoutException) {
                return error(KmeException.Kind.TIMEOUT, op, OptionalInt.empty(), null, consumes,
                        "no answer within " + kme.readTimeout().toMillis() + " ms", t);
            }
            if (t instanceof SSLException) {
                return error(KmeException.Kind.TLS, op, OptionalInt.empty(), null, false,
                        "TLS handshake failed: " + t.getMessage(), t);
            }
            if (t instanceof ConnectException) {
                return error(KmeException.Kind.CONNECT, op, OptionalInt.empty(), null, false,
                        "cannot connect to " + kme.url() + " (" + t.getMessage() + ")", t);
            }
        }
        String hint = kme.clientIdentity().isPresent() && kme.url().getScheme().equals("https")
                ? "; if every call ends so, the KME may be refusing the client certificate (TLS 1.3 shows that as a closed connection)"
                : "";
        return error(KmeException.Kind.CONNECTION_LOST, op, OptionalInt.empty(), null, consumes,
                "the connection ended without a complete answer (" + describe(cause) + ")" + hint, cause);
    }

    // ---- answers -------------------------------------------------------------------------------

    private List<QkdKey> keys(String op, byte[] body, boolean consumes) {
        try {
            return KeyContainerParser.parse(body);
        } catch (KeyContainerParser.Malformed e) {
            throw error(KmeException.Kind.MALFORMED, op, OptionalInt.of(200), null, consumes, e.getMessage(), null);
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    /** Count, size, uniqueness and (dec_keys) the exact key_IDs asked for. */
    private void validate(String op, List<QkdKey> keys, int expected, int sizeBits, List<String> asked, boolean consumes) {
        if (keys.size() != expected) {
            throw error(KmeException.Kind.MALFORMED, op, OptionalInt.of(200), null, consumes,
                    "asked for " + expected + " key(s), got " + keys.size(), null);
        }
        for (QkdKey k : keys) {
            if (k.key().length() * 8 != sizeBits) {
                throw error(KmeException.Kind.MALFORMED, op, OptionalInt.of(200), null, consumes,
                        "key_ID " + k.keyId() + " is " + k.key().length() * 8 + " bits, expected " + sizeBits, null);
            }
        }
        unique(op, keys, consumes);
        if (asked != null) {
            Set<String> got = new HashSet<>(ids(keys));
            if (!got.equals(new HashSet<>(asked))) {
                List<String> unexpected = ids(keys).stream().filter(id -> !asked.contains(id)).toList();
                throw error(KmeException.Kind.MALFORMED, op, OptionalInt.of(200), null, consumes,
                        "returned key_IDs " + unexpected + " instead of the ones asked for " + asked, null);
            }
        }
    }

    private void unique(String op, List<QkdKey> keys, boolean consumes) {
        Set<String> seen = new HashSet<>();
        for (QkdKey k : keys) {
            if (!seen.add(k.keyId())) {
                throw error(KmeException.Kind.MALFORMED, op, OptionalInt.of(200), null, consumes,
                        "key_ID " + k.keyId() + " appears twice", null);
            }
        }
    }

    private static List<QkdKey> inOrder(List<QkdKey> keys, List<String> order) {
        Map<String, QkdKey> byId = new LinkedHashMap<>();
        keys.forEach(k -> byId.put(k.keyId(), k));
        return order.stream().map(byId::get).toList();
    }

    private KmeStatus parseStatus(String op, byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("expected a Status object");
            }
            return new KmeStatus(text(n, "source_KME_ID"), text(n, "target_KME_ID"), text(n, "master_SAE_ID"),
                    text(n, "slave_SAE_ID"), number(n, "key_size", true), number(n, "stored_key_count", true),
                    number(n, "max_key_count", true), number(n, "max_key_per_request", true),
                    number(n, "max_key_size", true), number(n, "min_key_size", true), number(n, "max_SAE_ID_count", false));
        } catch (IOException | IllegalArgumentException e) {
            throw error(KmeException.Kind.MALFORMED, op, OptionalInt.of(200), null, false,
                    "invalid Status: " + (e instanceof IOException ? "not JSON" : e.getMessage()), null);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(field + " is missing or not a string");
        }
        return v.asText();
    }

    private static int number(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null && !required) {
            return 0;
        }
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0) {
            throw new IllegalArgumentException(field + " is missing or not a non-negative integer");
        }
        return v.asInt();
    }

    // ---- batching ------------------------------------------------------------------------------

    /**
     * How many keys one call may carry for this peer: the inventory's {@code max-keys-per-request}, else
     * the KME's {@code max_key_per_request} from {@code status}; a KME that has no status for this
     * direction (400/401/403/404) is asked one key at a time.
     */
    private int batchSize(String peerSaeId) {
        if (kme.maxKeysPerRequest().isPresent()) {
            return kme.maxKeysPerRequest().getAsInt();
        }
        return batchSizes.computeIfAbsent(peerSaeId, peer -> {
            try {
                return Math.max(1, status(peer).maxKeyPerRequest());
            } catch (KmeException e) {
                switch (e.kind()) {
                    case NOT_FOUND, BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, HTTP_ERROR -> {
                        LOG.info("KME {}: no status for peer SAE {} ({}): one key per request", kme.id(), peer, e.kind());
                        return 1;
                    }
                    default -> throw e;
                }
            }
        });
    }

    // ---- helpers -------------------------------------------------------------------------------

    private KmeException error(KmeException.Kind kind, String op, OptionalInt status, String message,
                               boolean consumes, String detail, Throwable cause) {
        return new KmeException(kind, kme.id(), op, status, message, consumes, detail, cause);
    }

    private static List<String> ids(List<QkdKey> keys) {
        return keys.stream().map(QkdKey::keyId).toList();
    }

    private static String describe(Throwable t) {
        return t == null ? "unknown" : t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
