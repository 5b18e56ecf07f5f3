package org.qkdmacsec.lab.mka;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One configured pre-shared key as a device holds it: CKN, CAK, start and optional end, the instants
 * read on the device's own clock. The CAK itself is not kept: only a SHA-256 digest, enough to tell
 * whether both ends hold the same CAK, so the model never retains or prints key material.
 */
public final class MkaKey {
    private final String ckn;
    private final byte[] cakDigest;
    private final Instant start;
    private final Instant end;

    private MkaKey(String ckn, byte[] cak, Instant start, Instant end) {
        Objects.requireNonNull(ckn, "ckn");
        Objects.requireNonNull(cak, "cak");
        this.start = Objects.requireNonNull(start, "start");
        if (ckn.isBlank()) {
            throw new IllegalArgumentException("CKN must not be blank");
        }
        if (cak.length == 0) {
            throw new IllegalArgumentException("CAK of CKN " + ckn + " is empty");
        }
        if (end != null && !end.isAfter(start)) {
            throw new IllegalArgumentException("key " + ckn + " ends at " + end + ", not after its start " + start);
        }
        this.ckn = ckn.toLowerCase(Locale.ROOT);
        this.cakDigest = sha256(cak);
        this.end = end;
    }

    /** A key with no end (Junos key chains have start-times only). */
    public static MkaKey of(String ckn, byte[] cak, Instant start) {
        return new MkaKey(ckn, cak, start, null);
    }

    /** A key valid on [start, end) of the device clock; {@code end} may be null for "infinite". */
    public static MkaKey of(String ckn, byte[] cak, Instant start, Instant end) {
        return new MkaKey(ckn, cak, start, end);
    }

    /** The CKN in lower-case hex (or as given, lower-cased). */
    public String ckn() {
        return ckn;
    }

    public Instant start() {
        return start;
    }

    public Optional<Instant> end() {
        return Optional.ofNullable(end);
    }

    /** True when the device clock instant lies in [start, end). */
    boolean validAt(Instant deviceNow) {
        return !start.isAfter(deviceNow) && (end == null || deviceNow.isBefore(end));
    }

    /** The connectivity association this key opens: same CKN and same CAK. */
    CaId ca() {
        return new CaId(ckn, cakDigest);
    }

    /** True when both keys open the same CA (same CKN and same CAK), whatever their times. */
    public boolean sameCa(MkaKey other) {
        return ckn.equals(other.ckn) && MessageDigest.isEqual(cakDigest, other.cakDigest);
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MkaKey k && sameCa(k) && start.equals(k.start) && Objects.equals(end, k.end);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ckn, Arrays.hashCode(cakDigest), start, end);
    }

    @Override
    public String toString() {
        return "MkaKey[ckn=" + ckn + ", cak=<redacted>, start=" + start + (end == null ? "" : ", end=" + end) + "]";
    }

    /** Identity of a CA: CKN plus the CAK digest. Prints the CKN only. */
    static final class CaId {
        private final String ckn;
        private final byte[] digest;

        private CaId(String ckn, byte[] digest) {
            this.ckn = ckn;
            this.digest = digest;
        }

        String ckn() {
            return ckn;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CaId c && ckn.equals(c.ckn) && MessageDigest.isEqual(digest, c.digest);
        }

        @Override
        public int hashCode() {
            return 31 * ckn.hashCode() + Arrays.hashCode(digest);
        }

        @Override
        public String toString() {
            return "CA[" + ckn + "]";
        }
    }
}
