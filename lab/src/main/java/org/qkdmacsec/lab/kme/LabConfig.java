package org.qkdmacsec.lab.kme;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.config.Fields;
import org.qkdmacsec.config.Problems;
import org.qkdmacsec.config.YamlDocument;
import org.qkdmacsec.lab.pki.TestPki;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The YAML description {@code qkd-macsec lab kme --config FILE} reads (field names follow the ETSI
 * status fields; all but ids optional), read through {@link YamlDocument} and {@link Fields} like every
 * other configuration file, so each problem reads {@code file:line:col: field: problem (hint)}:
 *
 * <pre>
 * kmes:
 *   - {id: kme-a, mode: mtls, port: 8443, min_key_size: 64, max_key_size: 1024, max_key_per_request: 128}
 *   - {id: kme-b, mode: next-door, port: 8444}          # mtls|insecure|qupskd, or next-door (mtls + its quirks)
 *   - {id: kme-c, quirks: [status-key-container, fixed-256-bit-keys]}   # any KmeQuirk on top of the mode
 * saes:
 *   - {id: sae-a, kme: kme-a}
 *   - {id: sae-b, kme: kme-b}
 * pool: {key_size: 256, max_key_count: 1000, initial_keys: 1000, keys_per_second: 10, retention_seconds: 300}
 * </pre>
 */
record LabConfig(List<KmeEntry> kmes, List<SaeEntry> saes, Optional<PoolEntry> pool) {
    static final List<String> TOP = List.of("kmes", "saes", "pool");
    static final List<String> KME = List.of("id", "mode", "port", "min_key_size", "max_key_size", "max_key_per_request", "quirks");
    static final List<String> SAE = List.of("id", "kme");
    static final List<String> POOL = List.of("key_size", "max_key_count", "initial_keys", "keys_per_second", "retention_seconds");
    static final List<String> MODES = List.of("mtls", "insecure", "qupskd", "next-door");
    private static final YamlDocument.Limit LIMIT = YamlDocument.Limit.of(1, "a lab KME configuration");

    LabConfig {
        kmes = List.copyOf(kmes);
        saes = List.copyOf(saes);
    }

    /** One KME; {@code mode} is one of {@link #MODES}. */
    record KmeEntry(String id, String mode, int port, Optional<Integer> minKeySize, Optional<Integer> maxKeySize,
                    Optional<Integer> maxKeyPerRequest, List<KmeQuirk> quirks) {
        KmeEntry {
            quirks = List.copyOf(quirks);
        }
    }

    record SaeEntry(String id, String kme) { }

    record PoolEntry(Optional<Integer> keySize, Optional<Integer> maxKeyCount, Optional<Integer> initialKeys,
                     Optional<Double> keysPerSecond, Optional<Integer> retentionSeconds) { }

    /** The pair {@code kme-a}/{@code sae-a} and {@code kme-b}/{@code sae-b} in one mode, default pool. */
    static LabConfig pair(KmeMode mode, int portA, int portB) {
        String m = mode.name().toLowerCase(java.util.Locale.ROOT);
        return new LabConfig(List.of(kme("kme-a", m, portA), kme("kme-b", m, portB)),
                List.of(new SaeEntry("sae-a", "kme-a"), new SaeEntry("sae-b", "kme-b")), Optional.empty());
    }

    private static KmeEntry kme(String id, String mode, int port) {
        return new KmeEntry(id, mode, port, Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    /** Reads {@code file}; throws {@link ConfigException} listing every problem. */
    static LabConfig read(Path file) {
        Problems problems = new Problems(file.toString());
        Optional<Node> root = YamlDocument.load(file, LIMIT);
        if (root.isEmpty()) {
            problems.add(null, "kmes", "missing", "at least one KME is required");
            throw problems.failure();
        }
        Optional<Fields> top = Fields.of(root.get(), "", problems, TOP);
        if (top.isEmpty()) {
            throw problems.failure();
        }
        Fields doc = top.get();
        List<KmeEntry> kmes = new ArrayList<>();
        Set<String> kmeIds = new LinkedHashSet<>();
        List<Node> kmeNodes = doc.sequence("kmes").orElse(List.of());
        if (kmeNodes.isEmpty()) {
            problems.add(doc.mark("kmes"), "kmes", "at least one KME is required", "kmes: [{id: kme-a, mode: insecure}]");
        }
        for (int i = 0; i < kmeNodes.size(); i++) {
            Fields.of(kmeNodes.get(i), "kmes[" + i + "]", problems, KME).flatMap(LabConfig::kme).ifPresent(k -> {
                kmes.add(k);
                kmeIds.add(k.id());
            });
        }
        List<SaeEntry> saes = new ArrayList<>();
        List<Node> saeNodes = doc.sequence("saes").orElse(List.of());
        for (int i = 0; i < saeNodes.size(); i++) {
            Fields.of(saeNodes.get(i), "saes[" + i + "]", problems, SAE).flatMap(f -> sae(f, kmeIds)).ifPresent(saes::add);
        }
        Optional<PoolEntry> pool = doc.mapping("pool", POOL).map(LabConfig::pool);
        if (!problems.isEmpty()) {
            throw problems.failure();
        }
        return new LabConfig(kmes, saes, pool);
    }

    private static Optional<KmeEntry> kme(Fields f) {
        int before = f.problems().count();
        Optional<String> id = f.required("id", "every KME needs an id");
        String mode = f.text("mode").filter(m -> {
            if (MODES.contains(m)) {
                return true;
            }
            f.error("mode", "unknown mode '" + m + "'", "use " + String.join(", ", MODES));
            return false;
        }).orElse("mtls");
        int port = f.integer("port", 0, 65_535).orElse(0);
        Optional<Integer> min = f.integer("min_key_size", 1, 1 << 20);
        Optional<Integer> max = f.integer("max_key_size", 1, 1 << 20);
        Optional<Integer> perRequest = f.integer("max_key_per_request", 1, 1 << 20);
        List<KmeQuirk> quirks = new ArrayList<>();
        List<String> names = f.strings("quirks").orElse(List.of());
        for (String q : names) {
            KmeQuirk.fromId(q).ifPresentOrElse(quirks::add,
                    () -> f.error("quirks", "unknown quirk '" + q + "'", "known: " + KmeQuirk.ids()));
        }
        if (id.isEmpty() || f.problems().count() != before) {
            return Optional.empty();
        }
        return Optional.of(new KmeEntry(id.get(), mode, port, min, max, perRequest, quirks));
    }

    private static Optional<SaeEntry> sae(Fields f, Set<String> kmeIds) {
        Optional<String> id = f.required("id", "the SAE's name (its client certificate's CN)");
        Optional<String> kme = f.required("kme", "the id of the KME this SAE is attached to").filter(k -> {
            if (kmeIds.contains(k)) {
                return true;
            }
            f.error("kme", "unknown KME '" + k + "'", "known KMEs: " + String.join(", ", kmeIds));
            return false;
        });
        return id.isPresent() && kme.isPresent() ? Optional.of(new SaeEntry(id.get(), kme.get())) : Optional.empty();
    }

    private static PoolEntry pool(Fields f) {
        return new PoolEntry(f.integer("key_size", 8, 1 << 20), f.integer("max_key_count", 1, Integer.MAX_VALUE),
                f.integer("initial_keys", 0, Integer.MAX_VALUE), f.number("keys_per_second", 0, 1e9),
                f.integer("retention_seconds", 0, Integer.MAX_VALUE));
    }

    /** The network this describes; {@code pki} may be null when no KME uses mTLS. */
    KmeNetwork.Builder toBuilder(Clock clock, TestPki pki) {
        KmeNetwork.Builder b = KmeNetwork.builder(clock);
        if (pki != null) {
            b.pki(pki);
        }
        for (KmeEntry k : kmes) {
            KmeSpec spec = "next-door".equals(k.mode()) ? KmeSpec.nextDoor() : KmeSpec.of(mode(k));
            for (KmeQuirk q : k.quirks()) {
                spec = spec.withQuirks(q);
            }
            spec = spec.withPort(k.port())
                    .withKeySizes(k.minKeySize().orElse(spec.minKeySize()), k.maxKeySize().orElse(spec.maxKeySize()))
                    .withMaxKeyPerRequest(k.maxKeyPerRequest().orElse(spec.maxKeyPerRequest()));
            b.kme(k.id(), spec);
        }
        for (SaeEntry s : saes) {
            b.sae(s.id(), s.kme());
        }
        KeyPoolSpec p = KeyPoolSpec.defaults();
        if (pool.isPresent()) {
            PoolEntry e = pool.get();
            p = p.withKeySize(e.keySize().orElse(p.keySize())).withMaxKeyCount(e.maxKeyCount().orElse(p.maxKeyCount()));
            p = p.withInitialKeys(e.initialKeys().orElse(p.maxKeyCount())) // a store starts full unless told
                    .withKeysPerSecond(e.keysPerSecond().orElse(p.keysPerSecond()))
                    .withRetention(e.retentionSeconds().map(s -> Duration.ofSeconds(s)).orElse(p.retention()));
        }
        return b.pool(p);
    }

    boolean needsPki() {
        return kmes.stream().anyMatch(k -> "next-door".equals(k.mode()) || mode(k) == KmeMode.MTLS);
    }

    private static KmeMode mode(KmeEntry k) {
        return k.mode().equals("next-door") ? KmeMode.MTLS : KmeMode.valueOf(k.mode().toUpperCase(java.util.Locale.ROOT));
    }
}
