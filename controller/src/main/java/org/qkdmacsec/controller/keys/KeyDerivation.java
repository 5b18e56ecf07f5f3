package org.qkdmacsec.controller.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.Secret;

/**
 * Makes the MACsec CKN and CAK from one QKD key. CKN = hex(SHA-256(key_ID)); the CAK depends on the
 * method (docs/keys.md, with test vectors). Both sides' copies of the key are compared in constant time
 * before anything is derived. Every intermediate array this class holds is wiped.
 *
 * <pre>{@code
 * KeyDerivation d = new KeyDerivation(DerivationMethod.DIRECT, CipherSuite.GCM_AES_XPN_256);
 * try (DerivedKey k = d.derive(keyId, encSideKey, decSideKey)) { ... k.ckn() ... k.cak() ... }
 * }</pre>
 */
public record KeyDerivation(DerivationMethod method, CipherSuite cipher) {
    /** HKDF {@code info}: binds the output to this use. */
    static final byte[] HKDF_INFO = "qkd-macsec CAK".getBytes(StandardCharsets.US_ASCII);
    /** quPSKd's constant mixed into the first ratchet value. */
    static final byte[] QUPSKD_VERSION = "quPSKd Version 1".getBytes(StandardCharsets.US_ASCII);

    public KeyDerivation {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(cipher, "cipher");
    }

    /** CKN = lower-case hex of SHA-256 over the key_ID's UTF-8 bytes: 64 hex digits. */
    public static String ckn(String keyId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(keyId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** Derives with no extra inputs (the {@code direct} method, or {@code hkdf-sha3-256} without secrets). */
    public DerivedKey derive(String keyId, Secret encSideKey, Secret decSideKey) {
        return derive(keyId, encSideKey, decSideKey, HybridInputs.NONE);
    }

    /**
     * Compares the two sides' keys in constant time, then derives. Throws {@link KeyMismatchException}
     * if they differ and {@link KeyDerivationException} if the inputs do not fit the method.
     */
    public DerivedKey derive(String keyId, Secret encSideKey, Secret decSideKey, HybridInputs inputs) {
        if (keyId == null || keyId.isEmpty()) {
            throw new KeyDerivationException("empty key_ID");
        }
        if (!encSideKey.contentEquals(decSideKey)) {
            throw new KeyMismatchException(keyId);
        }
        int cakBytes = cipher.cakBytes();
        if (encSideKey.length() < cakBytes) {
            throw new KeyDerivationException("key_ID " + keyId + ": the QKD key has " + encSideKey.length()
                    + " bytes, " + cipher.wireName() + " needs at least " + cakBytes);
        }
        int n = inputs.secrets().size();
        if (n < method.minSecrets() || n > method.maxSecrets()) {
            throw new KeyDerivationException(method.id() + " takes " + range() + " extra secret(s), got " + n);
        }
        if (method.needs256BitCak() && cakBytes != 32) {
            throw new KeyDerivationException(method.id() + " needs a 256-bit cipher, not " + cipher.wireName());
        }
        byte[] qkd = encSideKey.copyBytes();
        List<byte[]> extras = new ArrayList<>();
        try {
            inputs.secrets().forEach(s -> extras.add(s.copyBytes()));
            byte[] previous = inputs.previousCak().map(Secret::copyBytes).orElse(null);
            try {
                return new DerivedKey(keyId, ckn(keyId), Secret.adopt(cak(keyId, qkd, extras, previous, cakBytes)));
            } finally {
                wipe(previous);
            }
        } finally {
            wipe(qkd);
            extras.forEach(KeyDerivation::wipe);
        }
    }

    private byte[] cak(String keyId, byte[] qkd, List<byte[]> extras, byte[] previous, int cakBytes) {
        switch (method) {
            case DIRECT:
                return Arrays.copyOf(qkd, cakBytes);
            case XOR:
                return xor(qkd, extras, cakBytes);
            case HMAC:
                return truncated(hmac(qkd, extras), cakBytes);
            case XORHMAC:
                return xorhmac(qkd, extras, cakBytes);
            case QUPSKD:
                return qupskd(keyId, qkd, extras.get(0), previous);
            case HKDF_SHA3_256:
                return hkdf(qkd, extras, previous, cakBytes);
            default:
                throw new IllegalStateException("unhandled method " + method);
        }
    }

    /** ETSI-004 {@code xoring}: every key cut to the CAK length, XORed. Short extras are refused, not padded. */
    private static byte[] xor(byte[] qkd, List<byte[]> extras, int cakBytes) {
        byte[] out = Arrays.copyOf(qkd, cakBytes);
        for (int i = 0; i < extras.size(); i++) {
            byte[] e = extras.get(i);
            if (e.length < cakBytes) {
                wipe(out);
                throw new KeyDerivationException("xor: extra secret " + (i + 1) + " has " + e.length
                        + " bytes, fewer than the " + cakBytes + "-byte CAK");
            }
            for (int j = 0; j < cakBytes; j++) {
                out[j] ^= e[j];
            }
        }
        return out;
    }

    /** ETSI-004 {@code hmac}: HMAC-SHA256 keyed by the first key over the concatenation of the rest. */
    private static byte[] hmac(byte[] first, List<byte[]> rest) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(first, "HmacSHA256"));
            rest.forEach(mac::update);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** ETSI-004 {@code xorhmac}: hmac([qkd, s1..sn]) ⊕ hmac([sn..s1, qkd]), cut to the CAK length. */
    private static byte[] xorhmac(byte[] qkd, List<byte[]> extras, int cakBytes) {
        byte[] forward = hmac(qkd, extras);
        List<byte[]> reversedRest = new ArrayList<>(extras.subList(0, extras.size() - 1));
        java.util.Collections.reverse(reversedRest);
        reversedRest.add(qkd);
        byte[] backward = hmac(extras.get(extras.size() - 1), reversedRest);
        try {
            byte[] out = Arrays.copyOf(forward, cakBytes);
            for (int j = 0; j < cakBytes; j++) {
                out[j] ^= backward[j];
            }
            return out;
        } finally {
            wipe(forward);
            wipe(backward);
        }
    }

    /**
     * The quPSKd ratchet: {@code psk_next = SHA3-256(sorted([b64(qkd), key_ID, psk_prev]))}, where
     * {@code psk_prev} is base64 of the previous CAK or, for the first key,
     * {@code b64(SHA3-256(sorted([psk_cfg, "quPSKd Version 1"])))}. Sorting UTF-8 byte strings orders
     * them exactly as Python orders the str values.
     */
    private static byte[] qupskd(String keyId, byte[] qkd, byte[] pskConfigured, byte[] previous) {
        byte[] prev = previous != null ? b64(previous) : b64(sha3Sorted(List.of(pskConfigured, QUPSKD_VERSION)));
        byte[] qkdB64 = b64(qkd);
        try {
            return sha3Sorted(List.of(qkdB64, keyId.getBytes(StandardCharsets.UTF_8), prev));
        } finally {
            wipe(prev);
            wipe(qkdB64);
        }
    }

    private static byte[] sha3Sorted(List<byte[]> parts) {
        List<byte[]> sorted = new ArrayList<>(parts);
        sorted.sort(Arrays::compareUnsigned);
        try {
            MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
            sorted.forEach(sha3::update);
            return sha3.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA3-256 missing from the JDK", e);
        }
    }

    /** HKDF-SHA3-256 (RFC 5869): IKM = qkd ‖ extras, salt = previous CAK (absent: zeros), info = "qkd-macsec CAK". */
    private static byte[] hkdf(byte[] qkd, List<byte[]> extras, byte[] previous, int cakBytes) {
        int total = qkd.length + extras.stream().mapToInt(e -> e.length).sum();
        byte[] ikm = new byte[total];
        int at = 0;
        System.arraycopy(qkd, 0, ikm, at, qkd.length);
        at += qkd.length;
        for (byte[] e : extras) {
            System.arraycopy(e, 0, ikm, at, e.length);
            at += e.length;
        }
        try {
            HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA3Digest(256));
            hkdf.init(new HKDFParameters(ikm, previous, HKDF_INFO));
            byte[] out = new byte[cakBytes];
            hkdf.generateBytes(out, 0, cakBytes);
            return out;
        } finally {
            wipe(ikm);
        }
    }

    private static byte[] truncated(byte[] full, int length) {
        byte[] out = Arrays.copyOf(full, length);
        wipe(full);
        return out;
    }

    private static byte[] b64(byte[] raw) {
        return Base64.getEncoder().encode(raw);
    }

    private String range() {
        if (method.minSecrets() == method.maxSecrets()) {
            return String.valueOf(method.minSecrets());
        }
        return method.maxSecrets() == Integer.MAX_VALUE ? "at least " + method.minSecrets()
                : method.minSecrets() + " to " + method.maxSecrets();
    }

    private static void wipe(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }
}
