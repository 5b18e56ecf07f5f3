package org.qkdmacsec.spi;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Key material or a credential: QKD keys, CAKs, SAKs, passwords.
 *
 * <p>The bytes live in a private array that {@link #close()} overwrites with zeros. There is no
 * {@code String} view on purpose: strings cannot be wiped and end up in heap dumps and logs.
 * {@link #toString()} never shows content, so a secret that slips into a log line or an exception
 * message prints as {@code Secret[redacted, 32 bytes]}.
 *
 * <p>Thread-safe for concurrent reads; closing while another thread reads is the caller's bug.
 */
public final class Secret implements AutoCloseable {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final byte[] bytes;
    private volatile boolean closed;

    private Secret(byte[] owned) {
        this.bytes = owned;
    }

    /** A secret holding a copy of {@code bytes}; the caller still owns (and should wipe) its array. */
    public static Secret copyOf(byte[] bytes) {
        return new Secret(bytes.clone());
    }

    /** A secret that takes ownership of {@code bytes}: the caller must not use or keep the array. */
    public static Secret adopt(byte[] bytes) {
        return new Secret(bytes);
    }

    /**
     * Parses hex (either case) into a secret and wipes nothing of the input: pass a {@code char[]}
     * and wipe it yourself. Throws without echoing the input.
     */
    public static Secret fromHex(char[] hex) {
        if (hex.length % 2 != 0) {
            throw new IllegalArgumentException("hex secret has odd length " + hex.length);
        }
        byte[] out = new byte[hex.length / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(hex[2 * i], 16);
            int lo = Character.digit(hex[2 * i + 1], 16);
            if (hi < 0 || lo < 0) {
                Arrays.fill(out, (byte) 0);
                throw new IllegalArgumentException("hex secret has a non-hex character at " + (2 * i));
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return new Secret(out);
    }

    public int length() {
        return bytes.length;
    }

    /** A fresh copy of the bytes. The caller owns it and must wipe it ({@code Arrays.fill(b, (byte) 0)}). */
    public byte[] copyBytes() {
        checkOpen();
        return bytes.clone();
    }

    /** Lower-case hex of the bytes in a fresh {@code char[]} that the caller must wipe. */
    public char[] hexChars() {
        checkOpen();
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return out;
    }

    /** Runs {@code use} on a temporary copy of the bytes, wiped afterwards even if {@code use} throws. */
    public <T> T apply(Function<byte[], T> use) {
        byte[] copy = copyBytes();
        try {
            return use.apply(copy);
        } finally {
            Arrays.fill(copy, (byte) 0);
        }
    }

    /** A new secret holding bytes {@code [from, to)} of this one. */
    public Secret slice(int from, int to) {
        checkOpen();
        return new Secret(Arrays.copyOfRange(bytes, from, to));
    }

    /** Constant-time comparison: the time taken does not depend on where the contents differ. */
    public boolean contentEquals(Secret other) {
        checkOpen();
        other.checkOpen();
        return MessageDigest.isEqual(bytes, other.bytes);
    }

    public boolean isClosed() {
        return closed;
    }

    /** Overwrites the bytes with zeros. Idempotent. */
    @Override
    public void close() {
        closed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("secret was closed (zeroized) and cannot be used");
        }
    }

    @Override
    public String toString() {
        return "Secret[redacted, " + bytes.length + " bytes]";
    }
}
