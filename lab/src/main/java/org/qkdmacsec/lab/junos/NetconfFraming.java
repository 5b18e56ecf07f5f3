package org.qkdmacsec.lab.junos;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * RFC 6242 message framing, written here because no maintained Java NETCONF server library exists on
 * Maven Central: end-of-message ({@code ]]>]]>}, base:1.0, always used for the hellos) and chunked
 * ({@code \n#len\n…\n##\n}, base:1.1). Malformed framing is an {@link IOException}: the session ends,
 * as RFC 6242 requires.
 */
final class NetconfFraming {
    static final int MAX_MESSAGE = 32 * 1024 * 1024;
    private static final byte[] EOM = "]]>]]>".getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private final OutputStream out;
    private volatile boolean chunked;

    NetconfFraming(InputStream in, OutputStream out) {
        this.in = new BufferedInputStream(in);
        this.out = out;
    }

    void useChunked() {
        chunked = true;
    }

    boolean chunked() {
        return chunked;
    }

    /** The next message, or null at a clean end of stream. */
    byte[] read() throws IOException {
        return chunked ? readChunked() : readEom();
    }

    private byte[] readEom() throws IOException {
        byte[] buf = new byte[8192];
        int len = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (new String(buf, 0, len, StandardCharsets.UTF_8).isBlank()) {
                    return null;
                }
                throw new IOException("end of stream inside a message");
            }
            if (len == buf.length) {
                if (len >= MAX_MESSAGE) {
                    throw new IOException("message larger than " + MAX_MESSAGE + " bytes");
                }
                buf = Arrays.copyOf(buf, len * 2);
            }
            buf[len++] = (byte) b;
            if (len >= EOM.length && Arrays.equals(buf, len - EOM.length, len, EOM, 0, EOM.length)) {
                return Arrays.copyOf(buf, len - EOM.length);
            }
        }
    }

    private byte[] readChunked() throws IOException {
        byte[] msg = new byte[0];
        int first = in.read();
        if (first < 0) {
            return null;
        }
        expect(first, '\n');
        while (true) {
            expect(in.read(), '#');
            int c = in.read();
            if (c == '#') {
                expect(in.read(), '\n');
                return msg;
            }
            long size = 0;
            int digits = 0;
            while (c >= '0' && c <= '9') {
                size = size * 10 + (c - '0');
                if (++digits > 10 || (digits == 1 && c == '0')) {
                    throw new IOException("bad chunk size");
                }
                c = in.read();
            }
            expect(c, '\n');
            if (size < 1 || msg.length + size > MAX_MESSAGE) {
                throw new IOException("bad chunk size " + size);
            }
            int off = msg.length;
            msg = Arrays.copyOf(msg, (int) (off + size));
            int n = in.readNBytes(msg, off, (int) size);
            if (n < size) {
                throw new IOException("end of stream inside a chunk");
            }
            expect(in.read(), '\n');
        }
    }

    private static void expect(int got, char want) throws IOException {
        if (got != want) {
            throw new IOException("chunked framing error: expected " + (want == '\n' ? "LF" : want)
                    + (got < 0 ? " but the stream ended" : " but got byte " + got));
        }
    }

    /** Writes one message in the current framing. */
    synchronized void write(String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        if (chunked) {
            out.write(("\n#" + body.length + "\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write("\n##\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            out.write(body);
            out.write("\n]]>]]>".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }
}
