package org.qkdmacsec.controller.kme;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.qkdmacsec.controller.inventory.Kme;
import org.qkdmacsec.controller.inventory.KmeMethod;
import org.qkdmacsec.controller.inventory.KmeStatusMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of one KME (ETSI GS QKD 014 v1.1.1) acting as the SAE the inventory gives it, over HTTP/1.1 with
 * mutual TLS ({@link KmeTls}, {@link KmeHttp}). Every answer is validated before keys are handed out;
 * failures are {@link KmeException}s. Only {@code status} is retried: {@code enc_keys} and {@code dec_keys}
 * consume keys at the KME, so they are sent at most once by every layer.
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
    private final KmeHttp http;
    private final KeyChecks checks;
    private final Map<String, Integer> batchSizes = new ConcurrentHashMap<>();

    private KmeClient(Kme kme, KmeHttp http, Consumer<KmeWarning> warnings) {
        this.kme = kme;
        this.http = http;
        this.checks = new KeyChecks(kme.id(), warnings);
    }

    /** A client for {@code kme}; reads its certificate, key, CA and pin files now (CONFIG errors). */
    public static KmeClient open(Kme kme) {
        return open(kme, w -> { });
    }

    /**
     * As {@link #open(Kme)}; {@code warnings} hears of every deviation the client works around (a KME that
     * returns longer keys than asked), each time it happens.
     */
    public static KmeClient open(Kme kme, Consumer<KmeWarning> warnings) {
        Objects.requireNonNull(kme, "kme");
        boolean https = kme.url().getScheme().equals("https");
        return new KmeClient(kme, new KmeHttp(kme, https ? new KmeTls(kme).context() : null, MAX_BODY_BYTES), warnings);
    }

    public String kmeId() {
        return kme.id();
    }

    /**
     * {@code GET {peer}/status} as a valid Status. Retried up to 3 times on 503, timeouts and connection
     * failures (it changes nothing at the KME). A KME without {@code /status} answers
     * {@link KmeException.Kind#NOT_FOUND}; a 200 that is not a Status is {@link KmeException.Kind#MALFORMED}.
     */
    public KmeStatus status(String peerSaeId) {
        StatusAnswer a = statusAnswer(peerSaeId);
        if (a instanceof StatusAnswer.Valid v) {
            return v.status();
        }
        if (a instanceof StatusAnswer.NotAStatus n) {
            throw error(KmeException.Kind.MALFORMED, statusOp(peerSaeId), OptionalInt.of(200), null, false, n.what(), null);
        }
        throw ((StatusAnswer.Failed) a).error();
    }

    /** What {@code GET {peer}/status} really returned (retried as {@link #status} is); never throws a KME failure. */
    public StatusAnswer statusAnswer(String peerSaeId) {
        String op = statusOp(peerSaeId);
        for (int attempt = 1; ; attempt++) {
            try {
                KmeHttp.Answer answer = http.send(op, new HttpGet(uri(peerSaeId, "status", null)), false);
                byte[] body = ok(op, answer, false);
                try {
                    return new StatusAnswer.Valid(StatusParser.parse(body));
                } catch (StatusParser.NotAStatus e) {
                    return new StatusAnswer.NotAStatus(e.getMessage());
                } finally {
                    Arrays.fill(body, (byte) 0);
                }
            } catch (KmeException e) {
                if (!e.transientFailure() || attempt >= STATUS_ATTEMPTS) {
                    return new StatusAnswer.Failed(e);
                }
                LOG.warn("KME {}: {} failed ({}), retry {} of {}", kme.id(), op, e.kind(), attempt, STATUS_ATTEMPTS - 1);
                pause(STATUS_BACKOFF.multipliedBy(attempt));
            }
        }
    }

    private static String statusOp(String peer) {
        return "status (peer SAE " + peer + ")";
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
                HttpUriRequestBase req = kme.method() == KmeMethod.GET
                        ? new HttpGet(uri(slaveSaeId, "enc_keys", "number=" + n + "&size=" + sizeBits))
                        : post(slaveSaeId, "enc_keys", JSON.createObjectNode().put("number", n).put("size", sizeBits));
                try {
                    byte[] body = ok(op, http.send(op, req, false), false);
                    all.addAll(checks.checked(op, body, n, sizeBits, null, false));
                } catch (KmeException e) {
                    throw all.isEmpty() ? e : e.afterEarlierKeys("earlier calls delivered " + all.size() + " key(s), now wiped");
                }
            }
            checks.unique(op, all, false);
            LOG.info("KME {}: {}: {} key(s) of {} bits, key_IDs {}", kme.id(), op, number, sizeBits, KeyChecks.ids(all));
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
                HttpUriRequestBase req;
                if (kme.method() == KmeMethod.GET) {
                    req = new HttpGet(uri(masterSaeId, "dec_keys", "key_ID=" + URLEncoder.encode(ask.get(0), StandardCharsets.UTF_8)));
                } else {
                    ObjectNode body = JSON.createObjectNode();
                    ArrayNode ids = body.putArray("key_IDs");
                    ask.forEach(id -> ids.addObject().put("key_ID", id));
                    req = post(masterSaeId, "dec_keys", body);
                }
                byte[] body = ok(op, http.send(op, req, true), true);
                all.addAll(checks.checked(op, body, ask.size(), sizeBits, ask, true));
            }
            List<QkdKey> ordered = KeyChecks.inOrder(all, keyIds);
            LOG.info("KME {}: {}: {} key(s), key_IDs {}", kme.id(), op, ordered.size(), keyIds);
            return ordered;
        } catch (RuntimeException e) {
            QkdKey.closeAll(all);
            throw e;
        }
    }

    /** Stops the client's threads and connections. Keys already returned stay valid until their owners close them. */
    @Override
    public void close() {
        http.close();
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    private URI uri(String saeId, String endpoint, String query) {
        String path = kme.apiRoot() + URLEncoder.encode(saeId, StandardCharsets.UTF_8) + "/" + endpoint;
        return URI.create(query == null ? path : path + "?" + query);
    }

    private HttpPost post(String saeId, String endpoint, ObjectNode body) {
        HttpPost post = new HttpPost(uri(saeId, endpoint, null));
        post.setEntity(new StringEntity(body.toString(), ContentType.APPLICATION_JSON));
        return post;
    }

    /** The body of a 200 answer; any other status becomes a typed error carrying the KME's message. */
    private byte[] ok(String op, KmeHttp.Answer answer, boolean consumes) {
        byte[] body = answer.body();
        int status = answer.status();
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
        throw new KmeException(kind, kme.id(), op, OptionalInt.of(status), message, consumes,
                KmeException.Delivery.ANSWERED, answer.retryAfter(), "refused", null);
    }

    // ---- batching ------------------------------------------------------------------------------

    /**
     * How many keys one call may carry for this peer: the inventory's {@code max-keys-per-request}, else
     * the KME's {@code max_key_per_request} from a valid {@code status}; a KME whose status is off, missing or
     * not a Status is asked one key at a time. A KME that cannot be reached fails the call.
     */
    private int batchSize(String peerSaeId) {
        if (kme.maxKeysPerRequest().isPresent()) {
            return kme.maxKeysPerRequest().getAsInt();
        }
        if (kme.statusMode() == KmeStatusMode.OFF) {
            return 1;
        }
        return batchSizes.computeIfAbsent(peerSaeId, peer -> {
            StatusAnswer a = statusAnswer(peer);
            if (a instanceof StatusAnswer.Valid v) {
                return Math.max(1, v.status().maxKeyPerRequest());
            }
            if (a instanceof StatusAnswer.Failed f && (f.error().transientFailure() || f.error().kind() == KmeException.Kind.TLS
                    || f.error().kind() == KmeException.Kind.CONFIG)) {
                throw f.error();
            }
            LOG.info("KME {}: no usable status for peer SAE {} ({}): one key per request", kme.id(), peer, a.describe());
            return 1;
        });
    }

    // ---- helpers -------------------------------------------------------------------------------

    private KmeException error(KmeException.Kind kind, String op, OptionalInt status, String message,
                               boolean consumes, String detail, Throwable cause) {
        return new KmeException(kind, kme.id(), op, status, message, consumes, detail, cause);
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A deviation the client worked around, for the operator. */
    public record KmeWarning(String kme, String topic, String message) { }
}
