package org.qkdmacsec.lab.kme;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The key material of the whole network: one store per ordered (master, slave) pair of SAEs, and the
 * keys delivered to a master that wait for the slave's {@code dec_keys}. A key leaves memory once the
 * slave has it or its retention runs out. All time is the injected clock's, so exhaustion and expiry
 * play out deterministically on a ManualClock.
 */
final class KeyPools {
    /** Bound on remembered spent key_IDs, enough for a lab run and far from a memory problem. */
    private static final int TOMBSTONES = 10_000;

    record Pair(String master, String slave) {}

    /** A key handed to the master, waiting for the slave. */
    record PendingKey(String keyId, Pair pair, byte[] key, Instant deliveredAt) {
        @Override
        public String toString() {
            return "PendingKey[" + keyId + ", " + pair + ", redacted]";
        }
    }

    /** A pair's stock: whole keys generated and not yet handed out. */
    private static final class Store {
        long stored;
        Instant generatedUpTo;
        boolean everShared;

        Store(long stored, Instant now) {
            this.stored = stored;
            this.generatedUpTo = now;
        }
    }

    private final Clock clock;
    private final KeyPoolSpec spec;
    private final SecureRandom random;
    private final Map<Pair, Store> stores = new HashMap<>();
    private final Map<String, PendingKey> pending = new LinkedHashMap<>();
    private final Map<String, String> spent = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > TOMBSTONES;
        }
    };

    KeyPools(Clock clock, KeyPoolSpec spec, SecureRandom random, List<String> saeIds) {
        this.clock = clock;
        this.spec = spec;
        this.random = random;
        Instant now = clock.instant();
        for (String m : saeIds) {
            for (String s : saeIds) {
                if (!m.equals(s)) {
                    stores.put(new Pair(m, s), new Store(spec.initialKeys(), now));
                }
            }
        }
    }

    KeyPoolSpec spec() {
        return spec;
    }

    /** Stored keys (of {@code key_size}) the master can still get for this slave. */
    synchronized int stored(Pair pair) {
        return (int) generate(pair).stored;
    }

    /** Keys delivered to the master and not yet fetched by the slave. */
    synchronized int pending(Pair pair) {
        expire();
        return (int) pending.values().stream().filter(k -> k.pair().equals(pair)).count();
    }

    /**
     * Hands {@code number} new keys of {@code sizeBits} to the pair's master: all of them or, when the
     * store cannot cover them, none (400 "keys exhausted").
     */
    synchronized List<PendingKey> deliver(Pair pair, int number, int sizeBits) throws EtsiError {
        return deliver(pair, number, sizeBits, -1);
    }

    /** As above; {@code costPerKey} stored keys per key, or -1 for the bits it takes ({@code ceil(size / key_size)}). */
    synchronized List<PendingKey> deliver(Pair pair, int number, int sizeBits, long costPerKey) throws EtsiError {
        expire();
        Store store = generate(pair);
        long cost = (long) number * (costPerKey < 0 ? costOf(sizeBits) : costPerKey);
        if (cost > store.stored) {
            throw exhausted(pair, number, sizeBits, store.stored);
        }
        store.stored -= cost;
        store.everShared = true;
        Instant now = clock.instant();
        List<PendingKey> keys = new ArrayList<>(number);
        for (int i = 0; i < number; i++) {
            byte[] key = new byte[sizeBits / 8];
            random.nextBytes(key);
            PendingKey k = new PendingKey(UUID.randomUUID().toString(), pair, key, now);
            pending.put(k.keyId(), k);
            keys.add(k);
        }
        return keys;
    }

    /**
     * Gives the slave the keys it names and deletes them: all or nothing. 401 when the master never
     * shared keys with this slave or a key belongs to another pair; 400 naming every unknown, spent or
     * expired key_ID.
     */
    synchronized List<PendingKey> collect(Pair pair, List<String> keyIds) throws EtsiError {
        expire();
        if (!stores.get(pair).everShared) {
            throw EtsiError.unauthorized("SAE '" + pair.master() + "' has never shared keys with SAE '"
                    + pair.slave() + "'");
        }
        List<PendingKey> found = new ArrayList<>();
        List<Wire.Detail> problems = new ArrayList<>();
        for (int i = 0; i < keyIds.size(); i++) {
            String id = keyIds.get(i);
            PendingKey k = pending.get(id);
            if (k == null) {
                problems.add(new Wire.Detail("key_IDs[" + i + "].key_ID",
                        "key_ID " + id + " " + spent.getOrDefault(id, "is unknown")));
            } else if (!k.pair().equals(pair)) {
                throw EtsiError.unauthorized("key_ID " + id + " was not shared by master SAE '" + pair.master()
                        + "' with slave SAE '" + pair.slave() + "'");
            } else {
                found.add(k);
            }
        }
        if (!problems.isEmpty()) {
            throw EtsiError.badRequest(problems.size() + " of " + keyIds.size() + " key_IDs cannot be served",
                    problems);
        }
        for (PendingKey k : found) {
            pending.remove(k.keyId());
            spent.put(k.keyId(), "was already delivered to SAE '" + pair.slave() + "'");
        }
        return found;
    }

    /** A 400 exactly as a store without enough keys answers (also used by the injected fault). */
    EtsiError exhausted(Pair pair, int number, int sizeBits, long stored) {
        return EtsiError.badRequest("keys exhausted: " + number + " keys of " + sizeBits + " bits need "
                + ((long) number * costOf(sizeBits)) + " stored keys, " + stored + " stored for master SAE '"
                + pair.master() + "' and slave SAE '" + pair.slave() + "'",
                List.of(new Wire.Detail("number", "not enough keys stored")));
    }

    private long costOf(int sizeBits) {
        return (sizeBits + spec.keySize() - 1) / spec.keySize();
    }

    /** Adds the whole keys generated since the last look, up to capacity; time only counts forward. */
    private Store generate(Pair pair) {
        Store store = stores.get(pair);
        Instant now = clock.instant();
        Duration interval = spec.generationInterval();
        if (interval == null || !now.isAfter(store.generatedUpTo)) {
            return store;
        }
        long produced = Duration.between(store.generatedUpTo, now).dividedBy(interval);
        if (store.stored + produced >= spec.maxKeyCount()) {
            store.stored = spec.maxKeyCount();
            store.generatedUpTo = now; // a full store does not bank future keys
        } else {
            store.stored += produced;
            store.generatedUpTo = store.generatedUpTo.plus(interval.multipliedBy(produced));
        }
        return store;
    }

    private void expire() {
        Instant now = clock.instant();
        for (Iterator<PendingKey> it = pending.values().iterator(); it.hasNext();) {
            PendingKey k = it.next();
            Instant deadline = k.deliveredAt().plus(spec.retention());
            if (!now.isBefore(deadline)) {
                it.remove();
                spent.put(k.keyId(), "expired at " + deadline + " (retention " + spec.retention()
                        + ") before SAE '" + k.pair().slave() + "' fetched it");
            }
        }
    }
}
