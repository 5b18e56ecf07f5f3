package org.qkdmacsec.lab.kme;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.qkdmacsec.lab.pki.Identity;
import org.qkdmacsec.lab.pki.TestPki;

/**
 * A network of simulated ETSI GS QKD 014 KMEs on 127.0.0.1. Each SAE is attached to one KME; every
 * ordered (master, slave) pair of SAEs shares a key store, so a key handed out by {@code enc_keys} at the
 * master's KME is served once by {@code dec_keys} at the slave's KME, then deleted.
 *
 * <pre>{@code
 * try (KmeNetwork net = KmeNetwork.builder(clock)
 *         .pki(TestPki.create(dir))
 *         .kme("kme-a").kme("kme-b")
 *         .sae("sae-a", "kme-a").sae("sae-b", "kme-b")
 *         .pool(KeyPoolSpec.defaults().withKeysPerSecond(1))
 *         .build().start()) {
 *     URI enc = net.kme("kme-a").apiUri().resolve("sae-b/enc_keys");
 *     SSLContext asA = net.clientContext("sae-a");
 *     net.kme("kme-b").faults().once(Fault.unavailable());
 * }
 * }</pre>
 */
public final class KmeNetwork implements AutoCloseable {
    private final Map<String, Kme> kmes;
    private final Topology topology;
    private final KeyPools pools;
    private final TestPki pki;
    private final Map<String, Identity> saeIdentities;
    private final Map<String, Identity> kmeIdentities;
    private final SecureRandom random;

    private KmeNetwork(Map<String, Kme> kmes, Topology topology, KeyPools pools, TestPki pki,
            Map<String, Identity> saeIdentities, Map<String, Identity> kmeIdentities, SecureRandom random) {
        this.kmes = kmes;
        this.topology = topology;
        this.pools = pools;
        this.pki = pki;
        this.saeIdentities = saeIdentities;
        this.kmeIdentities = kmeIdentities;
        this.random = random;
    }

    /** Starts describing a network whose key generation and retention run on {@code clock}. */
    public static Builder builder(Clock clock) {
        return new Builder(clock);
    }

    /**
     * Binds every KME not running yet (all or none: a failure stops them all). Returns this network.
     */
    public synchronized KmeNetwork start() {
        try {
            for (Kme kme : kmes.values()) {
                if (kme.running()) {
                    continue;
                }
                kme.start(handler(kme), kme.mode() == KmeMode.MTLS ? () -> pki.serverTls(kmeIdentities.get(kme.id()),
                        kmeIdentities.get(kme.id() + "-nosan"), () -> kme.quirks().has(KmeQuirk.NO_SUBJECT_ALT_NAME)) : null);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /** Stops every KME; the key stores are dropped with the network. */
    @Override
    public synchronized void close() {
        kmes.values().forEach(Kme::stop);
    }

    public Kme kme(String kmeId) {
        Kme kme = kmes.get(kmeId);
        if (kme == null) {
            throw new IllegalArgumentException("unknown KME '" + kmeId + "' (known: " + kmes.keySet() + ")");
        }
        return kme;
    }

    /** The KME {@code saeId} is attached to. */
    public Kme kmeOf(String saeId) {
        return kme(requireSae(saeId));
    }

    public List<Kme> kmes() {
        return List.copyOf(kmes.values());
    }

    /** The SAE IDs, sorted. */
    public List<String> saeIds() {
        return topology.kmeOfSae().keySet().stream().sorted().toList();
    }

    /** The lab PKI, or null for a network without mTLS KMEs built without one. */
    public TestPki pki() {
        return pki;
    }

    /** The client certificate (CN = SAE ID) issued for {@code saeId}; needs a PKI. */
    public Identity saeIdentity(String saeId) {
        requireSae(saeId);
        if (pki == null) {
            throw new IllegalStateException("this network has no PKI: give the builder one with pki(...)");
        }
        return saeIdentities.get(saeId);
    }

    /** A TLS context presenting {@code saeId}'s certificate and trusting the lab CA. */
    public SSLContext clientContext(String saeId) {
        return pki.clientContext(saeIdentity(saeId));
    }

    /** Keys the master {@code master} can still get for {@code slave} ({@code stored_key_count}). */
    public int storedKeyCount(String master, String slave) {
        return pools.stored(pair(master, slave));
    }

    /** Keys delivered to {@code master} that {@code slave} has not fetched yet (and not expired). */
    public int pendingKeyCount(String master, String slave) {
        return pools.pending(pair(master, slave));
    }

    private KeyPools.Pair pair(String master, String slave) {
        requireSae(master);
        requireSae(slave);
        if (master.equals(slave)) {
            throw new IllegalArgumentException("master and slave are the same SAE '" + master + "'");
        }
        return new KeyPools.Pair(master, slave);
    }

    private String requireSae(String saeId) {
        String kmeId = topology.kmeOf(saeId);
        if (kmeId == null) {
            throw new IllegalArgumentException("unknown SAE '" + saeId + "' (known: " + saeIds() + ")");
        }
        return kmeId;
    }

    private KmeHttpHandler handler(Kme kme) {
        KmeProtocol protocol = kme.mode() == KmeMode.QUPSKD ? new QupskdProtocol()
                : new EtsiProtocol(new Callers(kme.id(), kme.mode(), topology),
                        new EtsiService(kme.id(), kme.spec(), topology, pools));
        return new KmeHttpHandler(kme, protocol, random);
    }

    /** Describes a network; {@link #build()} checks everything and reports every problem at once. */
    public static final class Builder {
        /** IDs name certificate files, so they keep to a portable, traversal-free alphabet. */
        private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

        private final Clock clock;
        private final Map<String, KmeSpec> kmes = new LinkedHashMap<>();
        private final Map<String, String> saes = new LinkedHashMap<>();
        private final List<String> problems = new ArrayList<>();
        private KeyPoolSpec pool = KeyPoolSpec.defaults();
        private TestPki pki;

        private Builder(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /** The PKI that issues the KMEs' server and the SAEs' client certificates (needed for mTLS). */
        public Builder pki(TestPki pki) {
            this.pki = Objects.requireNonNull(pki, "pki");
            return this;
        }

        /** Adds an mTLS KME with default limits on a free port. */
        public Builder kme(String kmeId) {
            return kme(kmeId, KmeSpec.mtls());
        }

        public Builder kme(String kmeId, KmeSpec spec) {
            checkId("KME", kmeId);
            if (kmes.put(kmeId, Objects.requireNonNull(spec, "spec")) != null) {
                problems.add("KME '" + kmeId + "' is defined twice");
            }
            return this;
        }

        /** Attaches SAE {@code saeId} to KME {@code kmeId}. */
        public Builder sae(String saeId, String kmeId) {
            checkId("SAE", saeId);
            if (saes.put(saeId, kmeId) != null) {
                problems.add("SAE '" + saeId + "' is attached twice");
            }
            return this;
        }

        /** The key store every SAE pair gets (default {@link KeyPoolSpec#defaults()}). */
        public Builder pool(KeyPoolSpec spec) {
            this.pool = Objects.requireNonNull(spec, "pool");
            return this;
        }

        /** Checks the description, issues the certificates, and returns the network (not yet started). */
        public KmeNetwork build() {
            List<String> all = new ArrayList<>(problems);
            pool.problems().forEach(p -> all.add("pool: " + p));
            kmes.forEach((id, spec) -> spec.problems(pool.keySize()).forEach(p -> all.add("KME '" + id + "': " + p)));
            saes.forEach((sae, kme) -> {
                if (!kmes.containsKey(kme)) {
                    all.add("SAE '" + sae + "' is attached to unknown KME '" + kme + "' (known: " + kmes.keySet() + ")");
                }
                if (kmes.containsKey(sae)) {
                    all.add("'" + sae + "' names both an SAE and a KME (their certificate files would clash)");
                }
            });
            if (kmes.isEmpty()) {
                all.add("no KME defined");
            }
            boolean mtls = kmes.values().stream().anyMatch(s -> s.mode() == KmeMode.MTLS);
            if (mtls && pki == null) {
                all.add("mTLS KMEs need a PKI: call pki(TestPki.create(dir))");
            }
            if (!all.isEmpty()) {
                throw new IllegalArgumentException("invalid KME network: " + String.join("; ", all));
            }
            Map<String, Identity> saeIds = new LinkedHashMap<>();
            Map<String, Identity> kmeIds = new LinkedHashMap<>();
            if (pki != null) {
                saes.keySet().forEach(sae -> saeIds.put(sae, pki.issueClient(sae)));
                kmes.forEach((id, spec) -> {
                    if (spec.mode() == KmeMode.MTLS) {
                        kmeIds.put(id, pki.issueServer(id));
                        // The same KME without subjectAltName, shown while its no-subject-alt-name quirk is on.
                        kmeIds.put(id + "-nosan", pki.issueServerWithoutSan(id));
                    }
                });
            }
            Map<String, Kme> built = new LinkedHashMap<>();
            kmes.forEach((id, spec) -> built.put(id, new Kme(id, spec)));
            SecureRandom random = new SecureRandom();
            Topology topology = new Topology(saes);
            KeyPools pools = new KeyPools(clock, pool, random, List.copyOf(saes.keySet()));
            return new KmeNetwork(built, topology, pools, pki, saeIds, kmeIds, random);
        }

        private void checkId(String what, String id) {
            if (id == null || !ID.matcher(id).matches()) {
                problems.add(what + " ID '" + id + "' must be 1-64 characters A-Z a-z 0-9 . _ - (not starting with . _ -)");
            }
        }
    }
}
