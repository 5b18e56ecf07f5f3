package org.qkdmacsec.lab.junos;

import java.util.random.RandomGenerator;

/**
 * Junos "$9$" secret encoding, so secrets read back the way a router shows them. This is the public,
 * reversible Junos obfuscation (the algorithm published as Perl Crypt::Juniper), reimplemented here:
 * a random salt character, a salt-dependent number of random padding characters, then each plaintext
 * character as 2-4 "gaps" walked over a 65-character alphabet. Not encryption: it only keeps secrets
 * from reading back in clear, exactly like the device.
 */
final class Junos9 {
    private static final String MAGIC = "$9$";
    private static final String[] FAMILY = {"QzF3n6/9CAtpu0O", "B1IREhcSyrleKvMW8LXx", "7N-dVbwsY2g4oaJZGUDj", "iHkq.mPf5T"};
    private static final String ALPHA = String.join("", FAMILY);
    private static final int[][] ENCODING = {{1, 4, 32}, {1, 16, 32}, {1, 8, 32}, {1, 64}, {1, 32}, {1, 4, 16, 128}, {1, 32, 64}};

    private Junos9() {
    }

    static boolean isEncoded(String s) {
        return s.startsWith(MAGIC);
    }

    static String encode(String plain, RandomGenerator random) {
        char salt = ALPHA.charAt(random.nextInt(ALPHA.length()));
        StringBuilder out = new StringBuilder(MAGIC).append(salt);
        for (int i = 0; i < extra(salt); i++) {
            out.append(ALPHA.charAt(random.nextInt(ALPHA.length())));
        }
        char prev = salt;
        for (int pos = 0; pos < plain.length(); pos++) {
            int ord = plain.charAt(pos);
            if (ord > 0xff) {
                throw new IllegalArgumentException("$9$ encodes 8-bit characters only");
            }
            int[] enc = ENCODING[pos % ENCODING.length];
            int[] gaps = new int[enc.length];
            for (int i = enc.length - 1; i >= 0; i--) {
                gaps[i] = ord / enc[i];
                ord %= enc[i];
            }
            for (int gap : gaps) {
                prev = ALPHA.charAt((gap + ALPHA.indexOf(prev) + 1) % ALPHA.length());
                out.append(prev);
            }
        }
        return out.toString();
    }

    /** Decodes a $9$ string; IllegalArgumentException (without the input) when it is not one. */
    static String decode(String crypt) {
        if (!isEncoded(crypt) || crypt.length() < MAGIC.length() + 1) {
            throw new IllegalArgumentException("not a $9$ secret");
        }
        String chars = crypt.substring(MAGIC.length());
        for (int i = 0; i < chars.length(); i++) {
            if (ALPHA.indexOf(chars.charAt(i)) < 0) {
                throw new IllegalArgumentException("not a $9$ secret");
            }
        }
        char prev = chars.charAt(0);
        int pos = 1 + extra(prev);
        StringBuilder out = new StringBuilder();
        while (pos < chars.length()) {
            int[] dec = ENCODING[out.length() % ENCODING.length];
            if (pos + dec.length > chars.length()) {
                throw new IllegalArgumentException("truncated $9$ secret");
            }
            int num = 0;
            for (int weight : dec) {
                char c = chars.charAt(pos++);
                int gap = Math.floorMod(ALPHA.indexOf(c) - ALPHA.indexOf(prev), ALPHA.length()) - 1;
                num += gap * weight;
                prev = c;
            }
            out.append((char) (num % 256));
        }
        return out.toString();
    }

    private static int extra(char c) {
        for (int f = 0; f < FAMILY.length; f++) {
            if (FAMILY[f].indexOf(c) >= 0) {
                return 3 - f;
            }
        }
        throw new IllegalArgumentException("not a $9$ character");
    }
}
