package org.qkdmacsec.lab.kme;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A deviation from ETSI GS QKD 014 that a published KME shows, reproduced so the controller can be proven
 * against it. Each names the implementation and file it imitates. Set them per KME in {@link KmeSpec}
 * (YAML {@code quirks:}) or at run time with {@link Kme#quirks()}.
 */
public enum KmeQuirk {
    /**
     * {@code GET {peer}/status} answers 200 with a Key container of one fresh key, as every path under
     * {@code /api/v1/keys/} does in quPSKd's simulator (aparcar/qupskd, qkd_simulator.py, handle_keys).
     */
    STATUS_KEY_CONTAINER("status-key-container", "aparcar/qupskd qkd_simulator.py"),
    /**
     * {@code stored_key_count} counts the keys already reserved for the SAE pair (delivered by enc_keys,
     * waiting for dec_keys, both directions), not the keys available (CreepPork/next-door-key-simulator,
     * router/external.py, get_status).
     */
    STATUS_COUNTS_RESERVED("status-counts-reserved", "CreepPork/next-door-key-simulator router/external.py"),
    /**
     * enc_keys for more keys than generated answers 400 "The requested key amount exceeds the generated key
     * count. Try again later." and hands nothing out (CreepPork/next-door-key-simulator, router/external.py,
     * get_key).
     */
    TRY_AGAIN_LATER("try-again-later", "CreepPork/next-door-key-simulator router/external.py"),
    /**
     * enc_keys and dec_keys accept only POST: the handler reads a JSON body, so Flask refuses a GET with 415
     * (CreepPork/next-door-key-simulator, README "only supports POST"; app.py routes + request.get_json()).
     */
    POST_ONLY("post-only", "CreepPork/next-door-key-simulator app.py, README"),
    /**
     * {@code size} is taken as bytes: key = os.urandom(size), so a request for 256 gets a 2048-bit key
     * (CreepPork/next-door-key-simulator, keys/key_generator.py).
     */
    SIZE_IN_BYTES("size-in-bytes", "CreepPork/next-door-key-simulator keys/key_generator.py"),
    /**
     * Every key is 256 bits whatever {@code size} asks: key = SHA3-256(key_ID) (aparcar/qupskd,
     * qkd_simulator.py).
     */
    FIXED_256_BIT_KEYS("fixed-256-bit-keys", "aparcar/qupskd qkd_simulator.py"),
    /**
     * The KME's server certificate has a subject CN and no subjectAltName, as the certificate script of
     * CreepPork/next-door-key-simulator (certs/generate.sh: openssl req -subj "/CN=$kme_id/...") issues it.
     */
    NO_SUBJECT_ALT_NAME("no-subject-alt-name", "CreepPork/next-door-key-simulator certs/generate.sh");

    private final String id;
    private final String source;

    KmeQuirk(String id, String source) {
        this.id = id;
        this.source = source;
    }

    /** The name in YAML and playbooks. */
    public String id() {
        return id;
    }

    /** The published implementation (repository and file) that behaves so. */
    public String source() {
        return source;
    }

    public static Optional<KmeQuirk> fromId(String id) {
        return Arrays.stream(values()).filter(q -> q.id.equals(id.toLowerCase(Locale.ROOT))).findFirst();
    }

    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(KmeQuirk::id).toList());
    }
}
