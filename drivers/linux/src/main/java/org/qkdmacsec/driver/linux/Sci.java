package org.qkdmacsec.driver.linux;

import java.util.Locale;

/**
 * A Secure Channel Identifier: the 48-bit MAC address and a 16-bit port, 64 bits in all. iproute2
 * prints it two ways ({@code 02000000000a0001} in link details, {@code 0x2000000000a0001} in
 * {@code macsec show}); this holds the number and prints it as 16 lower-case hex digits.
 */
record Sci(long value) implements Comparable<Sci> {
    static Sci parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("0x")) {
            t = t.substring(2);
        }
        if (t.isEmpty() || t.length() > 16 || !t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not an SCI (up to 16 hex digits): '" + text + "'");
        }
        return new Sci(Long.parseUnsignedLong(t, 16));
    }

    /** MAC address {@code aa:bb:cc:dd:ee:ff} plus port. */
    static Sci of(String mac, int port) {
        String hex = mac.replace(":", "");
        if (hex.length() != 12) {
            throw new IllegalArgumentException("not a MAC address: '" + mac + "'");
        }
        return new Sci((Long.parseUnsignedLong(hex, 16) << 16) | (port & 0xffff));
    }

    String hex() {
        return String.format(Locale.ROOT, "%016x", value);
    }

    byte[] bytes() {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (value >>> (56 - 8 * i));
        }
        return b;
    }

    @Override
    public int compareTo(Sci o) {
        return Long.compareUnsigned(value, o.value);
    }

    @Override
    public String toString() {
        return hex();
    }
}
