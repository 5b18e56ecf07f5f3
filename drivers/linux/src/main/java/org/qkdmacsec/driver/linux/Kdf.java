package org.qkdmacsec.driver.linux;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.qkdmacsec.spi.Secret;

/**
 * The IEEE 802.1X-2010 §6.2.1 key derivation function with AES-CMAC as PRF:
 * {@code KDF(K, Label, Context, L) = ‖ AES-CMAC(K, i ‖ Label ‖ 0x00 ‖ Context ‖ L)} for
 * {@code i = 1 … ⌈L/128⌉}, with {@code i} one byte, {@code Label} 12 ASCII bytes and {@code L} two
 * bytes big-endian (bits). Bouncy Castle provides the CMAC; the counter-mode framing is the
 * standard's and short enough to write here.
 */
final class Kdf {
    static final String KEK_LABEL = "IEEE8021 KEK";
    static final String ICK_LABEL = "IEEE8021 ICK";
    static final String SAK_LABEL = "IEEE8021 SAK";

    private Kdf() { }

    /** {@code bits} of output; the caller owns (and wipes) the result. */
    static byte[] derive(byte[] key, String label, byte[] context, int bits) {
        byte[] lab = label.getBytes(StandardCharsets.US_ASCII);
        if (lab.length != 12) {
            throw new IllegalArgumentException("802.1X KDF labels are 12 ASCII bytes, got " + lab.length);
        }
        if (key.length != 16 && key.length != 32) {
            throw new IllegalArgumentException("AES-CMAC key must be 16 or 32 bytes, got " + key.length);
        }
        if (bits <= 0 || bits % 8 != 0 || bits > 0xffff) {
            throw new IllegalArgumentException("output length must be a positive multiple of 8 bits, got " + bits);
        }
        CMac mac = new CMac(AESEngine.newInstance());
        mac.init(new KeyParameter(key));
        int blocks = (bits + 127) / 128;
        byte[] out = new byte[blocks * 16];
        for (int i = 1; i <= blocks; i++) {
            mac.update((byte) i);
            mac.update(lab, 0, lab.length);
            mac.update((byte) 0);
            mac.update(context, 0, context.length);
            mac.update((byte) (bits >>> 8));
            mac.update((byte) bits);
            mac.doFinal(out, (i - 1) * 16);
        }
        byte[] result = Arrays.copyOf(out, bits / 8);
        Arrays.fill(out, (byte) 0);
        return result;
    }

    /** {@code KEK = KDF(CAK, "IEEE8021 KEK", CKN[0:16] zero-padded, |CAK|)}. */
    static Secret kek(Secret cak, byte[] ckn) {
        return cak.apply(k -> Secret.adopt(derive(k, KEK_LABEL, first16(ckn), k.length * 8)));
    }

    /** {@code ICK = KDF(CAK, "IEEE8021 ICK", CKN[0:16] zero-padded, |CAK|)}. */
    static Secret ick(Secret cak, byte[] ckn) {
        return cak.apply(k -> Secret.adopt(derive(k, ICK_LABEL, first16(ckn), k.length * 8)));
    }

    /** {@code SAK = KDF(CAK, "IEEE8021 SAK", context, bytes·8)}. */
    static Secret sak(Secret cak, byte[] context, int bytes) {
        return cak.apply(k -> Secret.adopt(derive(k, SAK_LABEL, context, bytes * 8)));
    }

    private static byte[] first16(byte[] ckn) {
        return Arrays.copyOf(ckn, 16);
    }
}
