package org.qkdmacsec.driver.linux;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.Secret;

/**
 * The secure-association keys of one rollover, derived identically on both ends from the link's
 * CAK: static SAs have no MKA key server to distribute a SAK, so each end computes it.
 *
 * <p>{@code SAK = KDF(CAK, "IEEE8021 SAK", CKN ‖ SCI_low ‖ SCI_high ‖ KN, |SAK|)} — the 802.1X SAK
 * context with the key server's nonce replaced by the CKN (itself derived from the QKD key_ID, so
 * fresh for every QKD key), the member-identifier list by the two ends' SCIs in ascending order, and
 * KN a key number both ends agree on and that rises with every installation on a device (so even a
 * reused CAK would never give the same SAK twice, and with a fresh SAK an SA's packet numbers may
 * start at 1 again without repeating a GCM nonce). Both directions share the SAK as they do under
 * MKA: the SCI (or, for XPN, the SSCI) in every frame's nonce keeps the directions apart.
 *
 * <p>XPN suites also need a 96-bit salt and a short SCI per direction. MKA derives the salt from the
 * key server's member identifier; here it is {@code KDF(CAK, "QKD XPN SALT", same context, 96)}, and
 * SSCIs follow MKA's rule of numbering SCIs in ascending order from 1.
 *
 * @param sak  the SAK (closed by {@link #close()})
 * @param salt the XPN salt, for XPN suites
 * @param keyId the 128-bit key identifier shown by {@code ip macsec show}: the first 16 bytes of
 *              the CKN, zero-padded (public, like the CKN)
 */
record SaKeys(Secret sak, Optional<Secret> salt, String keyId) implements AutoCloseable {
    static final String SALT_LABEL = "QKD XPN SALT";

    static SaKeys derive(Secret cak, String ckn, Sci own, Sci peer, long kn, CipherSuite cipher) {
        if (cak.length() != cipher.cakBytes()) {
            throw new IllegalArgumentException("CAK is " + cak.length() + " bytes; " + cipher.wireName() + " needs "
                    + cipher.cakBytes());
        }
        byte[] context = context(ckn, own, peer, kn);
        Secret sak = Kdf.sak(cak, context, cipher.sakBytes());
        Optional<Secret> salt = cipher.extendedPacketNumbers()
                ? Optional.of(cak.apply(k -> Secret.adopt(Kdf.derive(k, SALT_LABEL, context, 96))))
                : Optional.empty();
        return new SaKeys(sak, salt, keyIdOf(ckn));
    }

    /** {@code CKN ‖ SCI_low ‖ SCI_high ‖ KN(4 bytes, big-endian)}. */
    static byte[] context(String ckn, Sci a, Sci b, long kn) {
        if (kn < 1 || kn > 0xffffffffL) {
            throw new IllegalArgumentException("key number must be 1…2^32-1, got " + kn);
        }
        byte[] name = HexFormat.of().parseHex(ckn);
        boolean aFirst = a.compareTo(b) <= 0;
        Sci low = aFirst ? a : b;
        Sci high = aFirst ? b : a;
        return ByteBuffer.allocate(name.length + 20).put(name).put(low.bytes()).put(high.bytes()).putInt((int) kn).array();
    }

    /** MKA's rule: the lower SCI gets SSCI 1, the higher SSCI 2. */
    static int ssci(Sci of, Sci other) {
        return of.compareTo(other) < 0 ? 1 : 2;
    }

    static String keyIdOf(String ckn) {
        return HexFormat.of().formatHex(Arrays.copyOf(HexFormat.of().parseHex(ckn), 16));
    }

    @Override
    public void close() {
        sak.close();
        salt.ifPresent(Secret::close);
    }
}
