package org.qkdmacsec.lab.iosxr;

/**
 * Cisco "type 7" password obfuscation as IOS-XR stores MACsec key-strings: two decimal digits of seed,
 * then every byte of the text XOR'd with a fixed translation string at index (seed + i) mod 53, printed
 * as two hex digits. It is reversible by design (not encryption); the simulator decodes it to recover the
 * CAK, exactly as the router does. Messages never echo the input, which may be a key.
 */
final class Type7 {
    private static final String XLAT = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Type7() {
    }

    /** Encodes ASCII {@code text} with {@code seed} (0..52). */
    static String encode(String text, int seed) {
        if (seed < 0 || seed >= XLAT.length()) {
            throw new IllegalArgumentException("type 7 seed must be 0.." + (XLAT.length() - 1));
        }
        StringBuilder out = new StringBuilder(2 + 2 * text.length());
        out.append((char) ('0' + seed / 10)).append((char) ('0' + seed % 10));
        for (int i = 0; i < text.length(); i++) {
            int b = text.charAt(i) ^ XLAT.charAt((seed + i) % XLAT.length());
            out.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
        return out.toString();
    }

    /**
     * Decodes a type-7 string.
     *
     * @throws IllegalArgumentException naming the structural problem (never the content)
     */
    static String decode(String encoded) {
        if (encoded.length() < 4 || encoded.length() % 2 != 0) {
            throw new IllegalArgumentException("encrypted key-string must have an even number of characters, at least 4");
        }
        if (!Character.isDigit(encoded.charAt(0)) || !Character.isDigit(encoded.charAt(1))) {
            throw new IllegalArgumentException("encrypted key-string must start with two decimal digits");
        }
        int seed = (encoded.charAt(0) - '0') * 10 + (encoded.charAt(1) - '0');
        if (seed >= XLAT.length()) {
            throw new IllegalArgumentException("encrypted key-string seed must be less than " + XLAT.length());
        }
        StringBuilder out = new StringBuilder((encoded.length() - 2) / 2);
        for (int i = 0; 2 + 2 * i < encoded.length(); i++) {
            int hi = Character.digit(encoded.charAt(2 + 2 * i), 16);
            int lo = Character.digit(encoded.charAt(3 + 2 * i), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("encrypted key-string must be hex after the two seed digits");
            }
            out.append((char) (((hi << 4) | lo) ^ XLAT.charAt((seed + i) % XLAT.length())));
        }
        return out.toString();
    }
}
