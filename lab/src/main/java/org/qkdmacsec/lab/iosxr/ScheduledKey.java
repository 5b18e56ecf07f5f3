package org.qkdmacsec.lab.iosxr;

import java.time.Instant;
import java.util.HexFormat;

/**
 * A usable MACsec key of a chain placed on the lab time line: valid from {@code from} (inclusive) until
 * {@code until} (exclusive; {@link Instant#MAX} when it never expires). A key without a lifetime is
 * always valid and starts at {@link Instant#MIN}, so any dated key is "later-starting" than it.
 */
record ScheduledKey(String ckn, CmacAlgorithm algorithm, byte[] cak, Instant from, Instant until) {
    ScheduledKey {
        cak = cak.clone();
    }

    @Override
    public byte[] cak() {
        return cak.clone();
    }

    boolean validAt(Instant t) {
        return !t.isBefore(from) && t.isBefore(until);
    }

    static byte[] cakOf(KeyString ks) {
        return HexFormat.of().parseHex(Type7.decode(ks.type7()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScheduledKey k && ckn.equals(k.ckn) && algorithm == k.algorithm
                && java.util.Arrays.equals(cak, k.cak) && from.equals(k.from) && until.equals(k.until);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(ckn, algorithm, from, until);
    }

    @Override
    public String toString() {
        return "ScheduledKey[ckn=" + ckn + ", " + algorithm.yangName() + ", cak=<redacted>, from=" + from + ", until=" + until + "]";
    }
}
