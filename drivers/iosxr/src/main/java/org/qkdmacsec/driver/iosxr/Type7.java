package org.qkdmacsec.driver.iosxr;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.qkdmacsec.spi.Secret;

/**
 * Cisco "type 7" reversible encoding, the form IOS-XR takes and shows for a MACsec
 * {@code key-string password}. It is obfuscation, not encryption: anyone can decode it, so an encoded
 * CAK is as secret as the CAK and is held in wipeable {@code char[]}/{@code byte[]} only.
 *
 * <p>Format: two decimal digits of seed s (0–15), then for each plaintext byte i the byte XOR
 * {@code XLAT[(s + i) mod 53]} as two upper-case hex digits. For a CAK the plaintext is the CAK written
 * as lower-case hex (XR decodes a macsec key-string to 32 or 64 hex digits).
 *
 * <p>Hand-written because no maintained library offers it; the whole algorithm is the table below.
 */
final class Type7 {
    private static final byte[] XLAT =
            "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87".getBytes(StandardCharsets.US_ASCII);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final int MAX_SEED = 15;
    private static final SecureRandom SEEDS = new SecureRandom();

    private Type7() {
    }

    /** Encodes the CAK's lower-case hex with a random seed 0–15. The caller wipes the result. */
    static char[] encodeCak(Secret cak) {
        return encodeCak(cak, SEEDS.nextInt(MAX_SEED + 1));
    }

    static char[] encodeCak(Secret cak, int seed) {
        char[] hex = cak.hexChars();
        byte[] plain = new byte[hex.length];
        try {
            for (int i = 0; i < hex.length; i++) {
                plain[i] = (byte) hex[i];
            }
            return encode(plain, seed);
        } finally {
            Arrays.fill(hex, '\0');
            Arrays.fill(plain, (byte) 0);
        }
    }

    static char[] encode(byte[] plain, int seed) {
        if (seed < 0 || seed > MAX_SEED) {
            throw new IllegalArgumentException("type 7 seed must be 0-15, was " + seed);
        }
        char[] out = new char[2 + 2 * plain.length];
        out[0] = (char) ('0' + seed / 10);
        out[1] = (char) ('0' + seed % 10);
        for (int i = 0; i < plain.length; i++) {
            int b = (plain[i] ^ XLAT[(seed + i) % XLAT.length]) & 0xff;
            out[2 + 2 * i] = HEX[b >> 4];
            out[3 + 2 * i] = HEX[b & 0xf];
        }
        return out;
    }

    /** Decodes; the caller wipes the result. Errors never echo the input. */
    static byte[] decode(char[] encoded) {
        if (encoded.length < 2 || encoded.length % 2 != 0) {
            throw new IllegalArgumentException("type 7 string has invalid length " + encoded.length);
        }
        int tens = Character.digit(encoded[0], 10);
        int ones = Character.digit(encoded[1], 10);
        if (tens < 0 || ones < 0) {
            throw new IllegalArgumentException("type 7 string does not start with a two-digit seed");
        }
        int seed = tens * 10 + ones;
        byte[] out = new byte[(encoded.length - 2) / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(encoded[2 + 2 * i], 16);
            int lo = Character.digit(encoded[3 + 2 * i], 16);
            if (hi < 0 || lo < 0) {
                Arrays.fill(out, (byte) 0);
                throw new IllegalArgumentException("type 7 string has a non-hex character at " + (2 + 2 * i));
            }
            out[i] = (byte) (((hi << 4) | lo) ^ XLAT[(seed + i) % XLAT.length]);
        }
        return out;
    }
}
