package org.qkdmacsec.driver.junos;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads whole NETCONF messages from the SSH channel in either framing (see {@link Framing}). Messages
 * are returned as fresh byte arrays that the caller wipes after use. Not thread-safe: one reader
 * thread per session.
 */
final class FrameReader {
    /** Refuse messages beyond this size instead of running out of memory on a broken peer. */
    static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private final InputStream in;
    private Framing framing = Framing.END_OF_MESSAGE;

    FrameReader(InputStream in) {
        this.in = new BufferedInputStream(in, 16 * 1024);
    }

    void framing(Framing f) {
        this.framing = f;
    }

    Framing framing() {
        return framing;
    }

    /**
     * The next message, or {@code null} when the peer closed the stream between messages.
     *
     * @throws FramingException the bytes do not follow the framing
     * @throws EOFException     the stream ended inside a message
     */
    byte[] next() throws IOException {
        return framing == Framing.END_OF_MESSAGE ? nextEom() : nextChunked();
    }

    private byte[] nextEom() throws IOException {
        try (WipeableBuffer msg = new WipeableBuffer(4096)) {
            int b;
            boolean started = false;
            while ((b = in.read()) >= 0) {
                if (!started && Character.isWhitespace(b)) {
                    continue; // line breaks peers put between messages; XML may not start with them
                }
                started = true;
                msg.append((byte) b);
                if (msg.endsWith(Framing.EOM)) {
                    msg.truncate(Framing.EOM.length);
                    return msg.toByteArray();
                }
                if (msg.length() > MAX_MESSAGE_BYTES) {
                    throw new FramingException("message longer than " + MAX_MESSAGE_BYTES + " bytes without ]]>]]>");
                }
            }
            if (started) {
                throw new EOFException("NETCONF stream ended inside a message (" + msg.length() + " bytes without ]]>]]>)");
            }
            return null;
        }
    }

    private byte[] nextChunked() throws IOException {
        try (WipeableBuffer msg = new WipeableBuffer(4096)) {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            expect(first, '\n', "chunk header");
            while (true) {
                expect(read(), '#', "chunk header");
                int c = read();
                if (c == '#') {
                    expect(read(), '\n', "end-of-chunks marker");
                    if (msg.length() == 0) {
                        throw new FramingException("end-of-chunks marker before any chunk");
                    }
                    return msg.toByteArray();
                }
                long size = chunkSize(c);
                if (msg.length() + size > MAX_MESSAGE_BYTES) {
                    throw new FramingException("message longer than " + MAX_MESSAGE_BYTES + " bytes");
                }
                byte[] chunk = in.readNBytes((int) size);
                try {
                    if (chunk.length < size) {
                        throw new EOFException("NETCONF stream ended inside a chunk (" + chunk.length + " of " + size + " bytes)");
                    }
                    msg.append(chunk);
                } finally {
                    java.util.Arrays.fill(chunk, (byte) 0);
                }
                expect(read(), '\n', "chunk header");
            }
        }
    }

    /** Parses {@code chunk-size = [1-9][0-9]*} up to the line feed (RFC 6242 §4.2). */
    private long chunkSize(int firstDigit) throws IOException {
        if (firstDigit < '1' || firstDigit > '9') {
            throw new FramingException("bad chunk size: starts with " + printable(firstDigit));
        }
        long size = firstDigit - '0';
        int c;
        int digits = 1;
        while ((c = read()) != '\n') {
            if (c < '0' || c > '9') {
                throw new FramingException("bad chunk size: contains " + printable(c));
            }
            size = size * 10 + (c - '0');
            if (++digits > 10 || size > Framing.MAX_CHUNK) {
                throw new FramingException("chunk size above " + Framing.MAX_CHUNK);
            }
        }
        return size;
    }

    private int read() throws IOException {
        int c = in.read();
        if (c < 0) {
            throw new EOFException("NETCONF stream ended inside a chunked message");
        }
        return c;
    }

    private static void expect(int actual, char wanted, String where) throws FramingException {
        if (actual != wanted) {
            throw new FramingException("expected " + printable(wanted) + " in " + where + ", got " + printable(actual));
        }
    }

    private static String printable(int c) {
        return c == '\n' ? "'\\n'" : c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("0x%02x", c);
    }

    /** The peer broke the framing rules; the session cannot continue. */
    static final class FramingException extends IOException {
        private static final long serialVersionUID = 1L;

        FramingException(String message) {
            super("NETCONF framing error: " + message);
        }
    }
}
