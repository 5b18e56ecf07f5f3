package org.qkdmacsec.controller.kme;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a response body up to a cap and fails beyond it, so a broken or hostile KME cannot make the
 * controller buffer without bound. Bodies carry base64 key material, so every buffer it drops is wiped.
 */
final class CappedBody {
    /** Thrown when a body exceeds the cap. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long cap) {
            super("response body larger than " + cap + " bytes");
        }
    }

    private CappedBody() {
    }

    /** The whole body, or {@link TooLarge} after reading at most {@code cap + 1} bytes. */
    static byte[] read(InputStream in, int cap) throws IOException {
        byte[] buffer = new byte[4096];
        int length = 0;
        try {
            while (true) {
                if (length == buffer.length) {
                    if (length > cap) {
                        throw new TooLarge(cap);
                    }
                    byte[] bigger = Arrays.copyOf(buffer, Math.min(cap + 1, buffer.length * 2));
                    Arrays.fill(buffer, (byte) 0);
                    buffer = bigger;
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
                if (length > cap) {
                    throw new TooLarge(cap);
                }
            }
            return Arrays.copyOf(buffer, length);
        } finally {
            Arrays.fill(buffer, (byte) 0);
        }
    }
}
