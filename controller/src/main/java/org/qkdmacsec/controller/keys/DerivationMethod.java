package org.qkdmacsec.controller.keys;

import java.util.Arrays;
import java.util.Optional;

/** How the CAK is made from the QKD key (and, for hybrid methods, further secrets). See docs/keys.md. */
public enum DerivationMethod {
    /** CAK = the first 16/32 bytes of the QKD key (Juniper-compatible default). */
    DIRECT("direct", 0, 0),
    /** ETSI-004 module {@code xoring}: QKD key ⊕ each extra secret, all cut to the CAK length. */
    XOR("xor", 1, Integer.MAX_VALUE),
    /** ETSI-004 module {@code hmac}: HMAC-SHA256 keyed by the QKD key over the extra secrets, concatenated. */
    HMAC("hmac", 1, Integer.MAX_VALUE),
    /** ETSI-004 module {@code xorhmac}: hmac over the list ⊕ hmac over the reversed list. */
    XORHMAC("xorhmac", 1, Integer.MAX_VALUE),
    /** The quPSKd ratchet: the CAK chains from the previous CAK (or the configured PSK) and the QKD key. */
    QUPSKD("qupskd", 1, 1),
    /** HKDF-SHA3-256 over QKD key ‖ extra secrets, salted with the previous CAK. */
    HKDF_SHA3_256("hkdf-sha3-256", 0, Integer.MAX_VALUE);

    private final String id;
    private final int minSecrets;
    private final int maxSecrets;

    DerivationMethod(String id, int minSecrets, int maxSecrets) {
        this.id = id;
        this.minSecrets = minSecrets;
        this.maxSecrets = maxSecrets;
    }

    /** The inventory's name: {@code direct}, {@code xor}, {@code hmac}, {@code xorhmac}, {@code qupskd}, {@code hkdf-sha3-256}. */
    public String id() {
        return id;
    }

    public int minSecrets() {
        return minSecrets;
    }

    public int maxSecrets() {
        return maxSecrets;
    }

    /**
     * Whether the extra secrets are hex text (every method except {@code qupskd}, whose one secret is the
     * configured PSK used as text, as in quPSKd).
     */
    public boolean hexSecrets() {
        return this != QUPSKD;
    }

    /** The quPSKd ratchet carries 32-byte values from one key to the next, so it needs a 256-bit CAK. */
    public boolean needs256BitCak() {
        return this == QUPSKD;
    }

    public static Optional<DerivationMethod> fromId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }
}
