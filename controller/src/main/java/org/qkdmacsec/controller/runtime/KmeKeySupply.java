package org.qkdmacsec.controller.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.qkdmacsec.controller.engine.KeySupply;
import org.qkdmacsec.controller.engine.KeySupplyException;
import org.qkdmacsec.controller.engine.LinkSpec;

import org.qkdmacsec.controller.engine.Reason;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.keys.DerivationMethod;
import org.qkdmacsec.controller.keys.DerivedKey;
import org.qkdmacsec.controller.keys.HybridInputs;
import org.qkdmacsec.controller.keys.KeyDerivationException;
import org.qkdmacsec.controller.keys.KeyMismatchException;
import org.qkdmacsec.controller.kme.KmeClient;
import org.qkdmacsec.controller.kme.KmeException;
import org.qkdmacsec.controller.kme.QkdKey;
import org.qkdmacsec.spi.Secret;

/**
 * Keys for the engine from ETSI GS QKD 014 KMEs: {@code enc_keys} at the ENC side's KME as the master
 * SAE, {@code dec_keys} by key_ID at the other side's KME as the slave, then comparison and
 * derivation per link.
 *
 * <p>Links that share an SAE pair share requests: while one {@code enc_keys} for a pair is in flight,
 * further requests for that pair queue, and the next caller to go fetches for all of them in one
 * call (no timer, so a lone request is never delayed). At most {@value #PER_KME_IN_FLIGHT} requests
 * run against one KME at a time.
 */
public final class KmeKeySupply implements KeySupply, AutoCloseable {
    static final int PER_KME_IN_FLIGHT = 4;
    /** First pause before asking a KME that had not enough keys again (the engine doubles it each time). */
    static final java.time.Duration NOT_ENOUGH_KEYS_PAUSE = java.time.Duration.ofSeconds(1);

    private volatile Inventory inventory;
    private final MeterRegistry registry;
    private final Map<String, KmeClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> inFlight = new ConcurrentHashMap<>();
    private final Map<PairKey, Batcher> batchers = new ConcurrentHashMap<>();
    /** The last CAK per link, for methods chained on it (quPSKd ratchet, HKDF salt). Memory only. */
    private final Map<String, Secret> previousCak = new ConcurrentHashMap<>();
    private final KmeWarnings warnings = new KmeWarnings();
    private final StatusGate status = new StatusGate(warnings);

    public KmeKeySupply(Inventory inventory, MeterRegistry registry) {
        this.inventory = inventory;
        this.registry = registry;
    }

    /** Uses {@code next} from now on; clients of KMEs whose definition changed or that are gone are closed. */
    public void reload(Inventory next) {
        for (org.qkdmacsec.controller.inventory.Kme k : inventory.kmes()) {
            if (!next.kme(k.id()).equals(Optional.of(k))) {
                KmeClient c = clients.remove(k.id());
                if (c != null) {
                    c.close();
                }
            }
        }
        inventory = next;
    }

    @Override
    public List<String> check(LinkSpec spec, int count) {
        Link link = link(spec);
        List<String> notes = new ArrayList<>(warnings.drain(link.enc().kme(), link.dec().kme()));
        notes.addAll(status.check(inventory.kmeOf(link.enc()), link.dec().saeId(), link.enc().saeId(), count, "ENC",
                call -> withKme(link.enc().kme(), "status", call)));
        notes.addAll(status.check(inventory.kmeOf(link.dec()), link.enc().saeId(), link.dec().saeId(), count, "DEC",
                call -> withKme(link.dec().kme(), "status", call)));
        return notes;
    }

    @Override
    public List<DerivedKey> fetch(LinkSpec spec, int count) {
        Link link = link(spec);
        PairKey pair = new PairKey(link.enc().kme(), link.enc().saeId(), link.dec().kme(), link.dec().saeId(), link.keySizeBits());
        List<QkdKey[]> raw = batchers.computeIfAbsent(pair, Batcher::new).fetch(count);
        List<DerivedKey> out = new ArrayList<>(count);
        try {
            for (QkdKey[] both : raw) {
                out.add(derive(link, both[0], both[1]));
            }
            return out;
        } catch (RuntimeException e) {
            out.forEach(DerivedKey::close);
            throw e;
        } finally {
            raw.forEach(b -> {
                b[0].close();
                b[1].close();
            });
        }
    }

    private DerivedKey derive(Link link, QkdKey enc, QkdKey dec) {
        DerivationMethod method = link.keyDerivation().method();
        boolean chained = method == DerivationMethod.QUPSKD || method == DerivationMethod.HKDF_SHA3_256;
        List<Secret> extras = link.keyDerivation().resolveSecrets();
        try {
            Optional<Secret> prev = chained ? Optional.ofNullable(previousCak.get(link.id())) : Optional.empty();
            DerivedKey d;
            try {
                d = link.derivation().derive(enc.keyId(), enc.key(), dec.key(), new HybridInputs(extras, prev));
            } catch (KeyMismatchException e) {
                throw new KeySupplyException(Reason.KEYS_DIFFER, "KME " + link.enc().kme() + " and KME " + link.dec().kme()
                        + " returned different keys for key_ID " + enc.keyId() + "; nothing was staged", e);
            } catch (KeyDerivationException e) {
                throw new KeySupplyException(Reason.KME_INVALID_RESPONSE, "link " + link.id() + ": " + e.getMessage(), e);
            }
            if (chained) {
                Secret old = previousCak.put(link.id(), d.cak().slice(0, d.cak().length()));
                if (old != null) {
                    old.close();
                }
            }
            return d;
        } finally {
            extras.forEach(Secret::close);
        }
    }

    private Link link(LinkSpec spec) {
        return inventory.link(spec.id()).orElseThrow(() -> new KeySupplyException(Reason.LINK_NOT_IN_INVENTORY, "link " + spec.id() + " is not in the inventory"));
    }

    /** One KME request: bounded per KME, timed per KME, operation and outcome. */
    private <T> T withKme(String kmeId, String operation, java.util.function.Function<KmeClient, T> call) {
        Semaphore s = inFlight.computeIfAbsent(kmeId, k -> new Semaphore(PER_KME_IN_FLIGHT, true));
        s.acquireUninterruptibly();
        long t0 = System.nanoTime();
        String outcome = "ok";
        try {
            KmeClient c = clients.computeIfAbsent(kmeId, id -> KmeClient.open(inventory.kme(id).orElseThrow(
                    () -> new KeySupplyException(Reason.KME_UNAVAILABLE, "KME " + id + " is not in the inventory")),
                    w -> warnings.later(w.kme(), w.topic(), w.message())));
            return call.apply(c);
        } catch (KmeException e) {
            outcome = e.kind().name().toLowerCase(Locale.ROOT);
            throw e;
        } finally {
            s.release();
            Timer.builder("qkd_macsec_kme_request_seconds").description("ETSI GS QKD 014 request latency")
                    .tag("kme", kmeId).tag("operation", operation).tag("outcome", outcome)
                    .register(registry).record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        }
    }

    private record PairKey(String encKme, String masterSae, String decKme, String slaveSae, int sizeBits) { }

    /** Group fetch for one SAE pair: whoever finds the pair idle fetches for everybody queued. */
    private final class Batcher {
        private final PairKey pair;
        private final List<Request> queue = new ArrayList<>();
        private boolean busy;

        Batcher(PairKey pair) {
            this.pair = pair;
        }

        List<QkdKey[]> fetch(int count) {
            Request mine = new Request(count);
            List<Request> batch;
            synchronized (this) {
                queue.add(mine);
                while (!mine.done && busy) {
                    waitQuietly();
                }
                if (mine.done) {
                    return mine.result();
                }
                busy = true;
                batch = new ArrayList<>(queue);
                queue.clear();
            }
            try {
                serve(batch);
            } finally {
                synchronized (this) {
                    busy = false;
                    notifyAll();
                }
            }
            return mine.result();
        }

        private void serve(List<Request> batch) {
            int total = batch.stream().mapToInt(r -> r.count).sum();
            List<QkdKey> enc = List.of();
            List<QkdKey> dec = List.of();
            try {
                enc = withKme(pair.encKme(), "enc_keys", c -> c.encKeys(pair.slaveSae(), total, pair.sizeBits()));
                List<String> ids = enc.stream().map(QkdKey::keyId).toList();
                dec = withKme(pair.decKme(), "dec_keys", c -> c.decKeys(pair.masterSae(), ids, pair.sizeBits()));
                int next = 0;
                for (Request r : batch) {
                    List<QkdKey[]> mine = new ArrayList<>();
                    for (int i = 0; i < r.count; i++, next++) {
                        mine.add(new QkdKey[] {enc.get(next), dec.get(next)});
                    }
                    r.complete(mine, null);
                }
            } catch (KmeException e) {
                QkdKey.closeAll(enc);
                QkdKey.closeAll(dec);
                KeySupplyException failure = translate(e, !enc.isEmpty());
                batch.forEach(r -> r.complete(null, failure));
            } catch (RuntimeException e) {
                QkdKey.closeAll(enc);
                QkdKey.closeAll(dec);
                KeySupplyException failure = new KeySupplyException(Reason.INTERNAL_ERROR, e.toString(), e);
                batch.forEach(r -> r.complete(null, failure));
            }
        }

        private KeySupplyException translate(KmeException e, boolean decSide) {
            Reason reason = switch (e.kind()) {
                case UNAUTHORIZED, FORBIDDEN, TLS -> Reason.KME_UNAUTHORIZED;
                case MALFORMED -> Reason.KME_INVALID_RESPONSE;
                default -> decSide ? Reason.DEC_KME_FAILED : Reason.ENC_KME_FAILED;
            };
            if (!decSide && e.notEnoughKeysYet()) {
                // Refused without handing anything out: the engine asks again, with growing pauses, within kme-wait.
                return new KeySupplyException(e.kind() == KmeException.Kind.BAD_REQUEST ? Reason.KME_EXHAUSTED : reason,
                        "ENC KME " + pair.encKme() + " has not enough keys yet: " + e.getMessage(), e,
                        Optional.of(e.retryAfter().filter(d -> !d.isZero()).orElse(NOT_ENOUGH_KEYS_PAUSE)));
            }
            String role = decSide ? "DEC KME " + pair.decKme() : "ENC KME " + pair.encKme();
            String consumed = decSide ? " (the keys delivered at " + pair.encKme() + " are consumed and will not be used)" : "";
            return new KeySupplyException(reason, role + ": " + e.getMessage() + consumed, e);
        }

        private void waitQuietly() {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KeySupplyException(Reason.INTERNAL_ERROR, "interrupted while waiting for keys");
            }
        }
    }

    private static final class Request {
        final int count;
        boolean done;
        List<QkdKey[]> keys;
        KeySupplyException failure;

        Request(int count) {
            this.count = count;
        }

        void complete(List<QkdKey[]> k, KeySupplyException f) {
            synchronized (this) {
                keys = k;
                failure = f;
                done = true;
            }
        }

        List<QkdKey[]> result() {
            synchronized (this) {
                if (failure != null) {
                    throw failure;
                }
                return keys;
            }
        }
    }

    @Override
    public void close() {
        clients.values().forEach(KmeClient::close);
        previousCak.values().forEach(Secret::close);
        previousCak.clear();
    }
}
