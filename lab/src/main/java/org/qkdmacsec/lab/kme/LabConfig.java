package org.qkdmacsec.lab.kme;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.qkdmacsec.lab.pki.TestPki;

/**
 * The YAML description {@code qkd-macsec lab kme --config FILE} reads (field names follow the ETSI
 * status fields; all but ids optional):
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
final class LabConfig {
    // Plain field classes rather than records: Jackson reports a bean's unknown field at the field,
    // a record's only at the end of its object, and file:line:col should point at the mistake.
    @JsonProperty("kmes")
    List<KmeEntry> kmes;
    @JsonProperty("saes")
    List<SaeEntry> saes;
    @JsonProperty("pool")
    PoolEntry pool;

    static final class KmeEntry {
        @JsonProperty("id")
        String id;
        @JsonProperty("mode")
        String mode;
        @JsonProperty("port")
        Integer port;
        @JsonProperty("min_key_size")
        Integer minKeySize;
        @JsonProperty("max_key_size")
        Integer maxKeySize;
        @JsonProperty("max_key_per_request")
        Integer maxKeyPerRequest;
        @JsonProperty("quirks")
        List<String> quirks;
    }

    static final class SaeEntry {
        @JsonProperty("id")
        String id;
        @JsonProperty("kme")
        String kme;
    }

    static final class PoolEntry {
        @JsonProperty("key_size")
        Integer keySize;
        @JsonProperty("max_key_count")
        Integer maxKeyCount;
        @JsonProperty("initial_keys")
        Integer initialKeys;
        @JsonProperty("keys_per_second")
        Double keysPerSecond;
        @JsonProperty("retention_seconds")
        Long retentionSeconds;
    }

    /** A configuration file that cannot be used; the message starts with {@code file:line:col:}. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** The pair {@code kme-a}/{@code sae-a} and {@code kme-b}/{@code sae-b} in one mode, default pool. */
    static LabConfig pair(KmeMode mode, int portA, int portB) {
        LabConfig c = new LabConfig();
        c.kmes = List.of(kme("kme-a", mode, portA), kme("kme-b", mode, portB));
        c.saes = List.of(sae("sae-a", "kme-a"), sae("sae-b", "kme-b"));
        return c;
    }

    private static KmeEntry kme(String id, KmeMode mode, int port) {
        KmeEntry k = new KmeEntry();
        k.id = id;
        k.mode = mode.name();
        k.port = port;
        return k;
    }

    private static SaeEntry sae(String id, String kme) {
        SaeEntry s = new SaeEntry();
        s.id = id;
        s.kme = kme;
        return s;
    }

    static LabConfig read(Path file) throws Invalid {
        try {
            LabConfig c = YAML.readValue(Files.readAllBytes(file), LabConfig.class);
            if (c == null || c.kmes == null || c.kmes.isEmpty()) {
                throw new Invalid(file + ":1:1: kmes: at least one KME is required");
            }
            return c;
        } catch (NoSuchFileException e) {
            throw new Invalid(file + ": no such file");
        } catch (UnrecognizedPropertyException e) {
            TreeSet<String> known = new TreeSet<>();
            e.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
            throw new Invalid(where(file, e) + "unknown field (known: " + known + ")");
        } catch (JsonMappingException e) {
            throw new Invalid(where(file, e) + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new Invalid(where(file, e) + "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Invalid(file + ": cannot read: " + e.getMessage());
        }
    }

    /** The network this describes; {@code pki} may be null when no KME uses mTLS. */
    KmeNetwork.Builder toBuilder(Clock clock, TestPki pki) {
        KmeNetwork.Builder b = KmeNetwork.builder(clock);
        if (pki != null) {
            b.pki(pki);
        }
        for (KmeEntry k : kmes) {
            KmeSpec spec = "next-door".equals(k.mode) ? KmeSpec.nextDoor() : KmeSpec.of(mode(k));
            for (String q : k.quirks == null ? List.<String>of() : k.quirks) {
                spec = spec.withQuirks(KmeQuirk.fromId(q).orElseThrow(() -> new IllegalArgumentException("KME '" + k.id
                        + "': unknown quirk '" + q + "' (known: " + KmeQuirk.ids() + ")")));
            }
            spec = spec.withPort(k.port == null ? 0 : k.port)
                    .withKeySizes(or(k.minKeySize, spec.minKeySize()), or(k.maxKeySize, spec.maxKeySize()))
                    .withMaxKeyPerRequest(or(k.maxKeyPerRequest, spec.maxKeyPerRequest()));
            b.kme(k.id, spec);
        }
        for (SaeEntry s : saes == null ? List.<SaeEntry>of() : saes) {
            b.sae(s.id, s.kme);
        }
        KeyPoolSpec p = KeyPoolSpec.defaults();
        if (pool != null) {
            p = p.withKeySize(or(pool.keySize, p.keySize())).withMaxKeyCount(or(pool.maxKeyCount, p.maxKeyCount()));
            p = p.withInitialKeys(or(pool.initialKeys, p.maxKeyCount())) // a store starts full unless told
                    .withKeysPerSecond(pool.keysPerSecond == null ? p.keysPerSecond() : pool.keysPerSecond)
                    .withRetention(pool.retentionSeconds == null ? p.retention()
                            : Duration.ofSeconds(pool.retentionSeconds));
        }
        return b.pool(p);
    }

    boolean needsPki() {
        return kmes.stream().anyMatch(k -> "next-door".equals(k.mode) || mode(k) == KmeMode.MTLS);
    }

    private static KmeMode mode(KmeEntry k) {
        if (k.mode == null || k.mode.equals("next-door")) {
            return KmeMode.MTLS;
        }
        try {
            return KmeMode.valueOf(k.mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("KME '" + k.id + "': mode '" + k.mode
                    + "' is not one of mtls, insecure, qupskd, next-door");
        }
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static String where(Path file, JsonProcessingException e) {
        JsonLocation l = e.getProcessor() instanceof JsonParser p ? p.currentTokenLocation() : e.getLocation();
        String at = l == null ? file + ": " : file + ":" + l.getLineNr() + ":" + l.getColumnNr() + ": ";
        return e instanceof JsonMappingException m && !m.getPath().isEmpty() ? at + Wire.fieldPath(m) + ": " : at;
    }
}
