package org.qkdmacsec.lab.kme;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one KME answers to an identified SAE, independent of HTTP: validates every parameter (reporting
 * all problems at once) and turns the key store's answers into ETSI bodies.
 */
final class EtsiService {
    private final String kmeId;
    private final KmeSpec spec;
    private final Topology topology;
    private final KeyPools pools;

    EtsiService(String kmeId, KmeSpec spec, Topology topology, KeyPools pools) {
        this.kmeId = kmeId;
        this.spec = spec;
        this.topology = topology;
        this.pools = pools;
    }

    Wire.Status status(String master, String slave, Set<KmeQuirk> quirks) throws EtsiError {
        KeyPools.Pair pair = pair(master, slave, "slave");
        KeyPoolSpec pool = pools.spec();
        // next-door-key-simulator: len(keys reserved master->slave + slave->master), not the keys it can deliver.
        int stored = quirks.contains(KmeQuirk.STATUS_COUNTS_RESERVED)
                ? pools.pending(pair) + pools.pending(new KeyPools.Pair(slave, master)) : pools.stored(pair);
        int keySize = quirks.contains(KmeQuirk.SIZE_IN_BYTES) ? pool.keySize() / 8 : pool.keySize();
        return new Wire.Status(kmeId, topology.kmeOf(slave), master, slave, keySize, stored,
                pool.maxKeyCount(), spec.maxKeyPerRequest(), spec.maxKeySize(), spec.minKeySize(), 0);
    }

    /** A Key container of one fresh key that nobody stores (quPSKd's answer to any path): SHA3-256 of its key_ID. */
    Wire.KeyContainer looseKey() {
        String id = java.util.UUID.randomUUID().toString();
        try {
            byte[] key = java.security.MessageDigest.getInstance("SHA3-256").digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new Wire.KeyContainer(List.of(new Wire.Key(id, Base64.getEncoder().encodeToString(key))));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA3-256 missing from the JDK", e);
        }
    }

    /**
     * enc_keys: the caller is the master, {@code slave} comes from the path. With {@code injectExhausted}
     * a valid request gets the answer of an empty store (the EXHAUSTED fault).
     */
    Wire.KeyContainer encKeys(String master, String slave, Wire.KeyRequest request, boolean injectExhausted,
                              Set<KmeQuirk> quirks) throws EtsiError {
        KeyPools.Pair pair = pair(master, slave, "slave");
        int number = request.number() == null ? 1 : request.number();
        int size = request.size() == null ? pools.spec().keySize() : request.size();
        List<Wire.Detail> problems = new ArrayList<>();
        if (number < 1 || number > spec.maxKeyPerRequest()) {
            problems.add(new Wire.Detail("number", "must lie within 1 and max_key_per_request "
                    + spec.maxKeyPerRequest() + ", got " + number));
        }
        boolean bytes = quirks.contains(KmeQuirk.SIZE_IN_BYTES);
        if (size % 8 != 0 && !bytes) {
            problems.add(new Wire.Detail("size", "must be a multiple of 8, got " + size));
        }
        if (size < spec.minKeySize() || size > spec.maxKeySize()) {
            problems.add(new Wire.Detail("size", "must lie within min_key_size " + spec.minKeySize()
                    + " and max_key_size " + spec.maxKeySize() + ", got " + size));
        }
        if (request.additionalSlaveSaeIds() != null && !request.additionalSlaveSaeIds().isEmpty()) {
            problems.add(new Wire.Detail("additional_slave_SAE_IDs",
                    "not supported: max_SAE_ID_count is 0"));
        }
        if (request.extensionMandatory() != null && !request.extensionMandatory().isEmpty()) {
            problems.add(new Wire.Detail("extension_mandatory", "no extension is supported"));
        }
        if (!problems.isEmpty()) {
            throw EtsiError.badRequest("invalid key request for slave SAE '" + slave + "'", problems);
        }
        if (injectExhausted) {
            throw quirks.contains(KmeQuirk.TRY_AGAIN_LATER) ? tryAgainLater() : pools.exhausted(pair, number, size, 0);
        }
        // next-door-key-simulator: os.urandom(size) bytes, one pool key each; quPSKd: SHA3-256, 256 bits whatever asked.
        int bits = bytes ? size * 8 : quirks.contains(KmeQuirk.FIXED_256_BIT_KEYS) ? 256 : size;
        boolean onePoolKeyEach = bytes || quirks.contains(KmeQuirk.FIXED_256_BIT_KEYS);
        try {
            return container(pools.deliver(pair, number, bits, onePoolKeyEach ? 1 : -1));
        } catch (EtsiError e) {
            if (quirks.contains(KmeQuirk.TRY_AGAIN_LATER) && e.status() == 400) {
                throw tryAgainLater();
            }
            throw e;
        }
    }

    /** next-door-key-simulator's words for a store short of generated keys (router/external.py, get_key). */
    private static EtsiError tryAgainLater() {
        return new EtsiError(400, "The requested key amount exceeds the generated key count. Try again later.");
    }

    /** dec_keys: the caller is the slave, {@code master} comes from the path. */
    Wire.KeyContainer decKeys(String slave, String master, List<String> keyIds) throws EtsiError {
        KeyPools.Pair pair = pair(slave, master, "master");
        List<Wire.Detail> problems = new ArrayList<>();
        if (keyIds.isEmpty()) {
            problems.add(new Wire.Detail("key_IDs", "at least one key_ID is required"));
        }
        if (keyIds.size() > spec.maxKeyPerRequest()) {
            problems.add(new Wire.Detail("key_IDs", keyIds.size() + " key_IDs exceed max_key_per_request "
                    + spec.maxKeyPerRequest()));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < keyIds.size(); i++) {
            String id = keyIds.get(i);
            if (id == null || id.isBlank()) {
                problems.add(new Wire.Detail("key_IDs[" + i + "].key_ID", "missing"));
            } else if (!seen.add(id)) {
                problems.add(new Wire.Detail("key_IDs[" + i + "].key_ID", "key_ID " + id + " is repeated"));
            }
        }
        if (!problems.isEmpty()) {
            throw EtsiError.badRequest("invalid key_IDs for master SAE '" + master + "'", problems);
        }
        List<KeyPools.PendingKey> keys = pools.collect(pair, keyIds);
        Wire.KeyContainer reply = container(keys);
        keys.forEach(k -> Arrays.fill(k.key(), (byte) 0)); // delivered on both sides: gone from the KME
        return reply;
    }

    /** The pair (caller, path SAE) in the right order, after checking the path SAE exists and differs. */
    private KeyPools.Pair pair(String caller, String pathSae, String pathRole) throws EtsiError {
        if (!topology.knows(pathSae)) {
            throw EtsiError.badRequest("unknown " + pathRole + " SAE ID '" + pathSae + "'",
                    List.of(new Wire.Detail(pathRole + "_SAE_ID", "not an SAE of this network")));
        }
        if (pathSae.equals(caller)) {
            throw EtsiError.badRequest("SAE '" + caller + "' cannot share keys with itself",
                    List.of(new Wire.Detail(pathRole + "_SAE_ID", "same as the calling SAE")));
        }
        return pathRole.equals("slave") ? new KeyPools.Pair(caller, pathSae) : new KeyPools.Pair(pathSae, caller);
    }

    private static Wire.KeyContainer container(List<KeyPools.PendingKey> keys) {
        Base64.Encoder b64 = Base64.getEncoder();
        return new Wire.KeyContainer(keys.stream().map(k -> new Wire.Key(k.keyId(), b64.encodeToString(k.key())))
                .toList());
    }
}
