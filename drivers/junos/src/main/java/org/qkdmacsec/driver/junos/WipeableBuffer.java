package org.qkdmacsec.driver.junos;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that overwrites every array it lets go of. NETCONF messages that carry a
 * CAK (outgoing {@code <load-configuration>}) or a {@code $9$} secret (incoming configuration) are
 * assembled here instead of in a {@code String}, so they can be wiped as soon as they are sent or
 * redacted. Not thread-safe.
 */
final class WipeableBuffer implements AutoCloseable {
    private byte[] buf;
    private int len;

    WipeableBuffer(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    WipeableBuffer append(byte b) {
        ensure(1);
        buf[len++] = b;
        return this;
    }

    WipeableBuffer append(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    WipeableBuffer append(byte[] b) {
        return append(b, 0, b.length);
    }

    /** Appends ASCII/UTF-8 text that is not secret (element names, CKNs, times). */
    WipeableBuffer append(String text) {
        return append(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends characters that are secret (hex digits of a CAK) without creating a String. */
    WipeableBuffer appendAscii(char[] chars) {
        ensure(chars.length);
        for (char c : chars) {
            if (c > 0x7f) {
                throw new IllegalArgumentException("non-ASCII character in secret text");
            }
            buf[len++] = (byte) c;
        }
        return this;
    }

    int length() {
        return len;
    }

    byte byteAt(int i) {
        return buf[i];
    }

    /** Whether the buffer ends with {@code suffix}. */
    boolean endsWith(byte[] suffix) {
        if (len < suffix.length) {
            return false;
        }
        for (int i = 0; i < suffix.length; i++) {
            if (buf[len - suffix.length + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Drops the last {@code n} bytes (zeroing them). */
    void truncate(int n) {
        Arrays.fill(buf, len - n, len, (byte) 0);
        len -= n;
    }

    /** A copy of the content; the caller owns (and should wipe) it. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** Zeroes the content and empties the buffer. */
    void wipe() {
        Arrays.fill(buf, 0, len, (byte) 0);
        len = 0;
    }

    @Override
    public void close() {
        wipe();
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            byte[] bigger = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
            Arrays.fill(buf, (byte) 0);
            buf = bigger;
        }
    }
}
