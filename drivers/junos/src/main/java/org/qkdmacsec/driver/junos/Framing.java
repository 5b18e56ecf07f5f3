package org.qkdmacsec.driver.junos;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * NETCONF over SSH message framing (RFC 6242): base:1.0 ends each message with {@code ]]>]]>},
 * base:1.1 sends it as length-prefixed chunks ending in {@code \n##\n}. The hellos always use the
 * end-of-message marker; chunked framing applies afterwards when both sides advertise base:1.1.
 *
 * <p>Written here rather than taken from a library: Juniper's netconf-java is not published to Maven
 * Central (source-only releases, built on a 2018 JSch without ed25519 or curve25519) and cannot run
 * over our own MINA SSHD session with its host-key pinning, so the two framings are implemented
 * directly from RFC 6242. {@link FrameReader} is the receiving half.
 */
enum Framing {
    /** base:1.0: the message followed by {@code ]]>]]>}. */
    END_OF_MESSAGE,
    /** base:1.1: {@code \n#<len>\n<data>} chunks, then {@code \n##\n}. */
    CHUNKED;

    static final byte[] EOM = "]]>]]>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_CHUNKS = "\n##\n".getBytes(StandardCharsets.US_ASCII);
    /** Largest chunk RFC 6242 allows (4294967295); we send smaller ones. */
    static final long MAX_CHUNK = 4_294_967_295L;
    /** Chunk size we send: keeps each SSH write bounded without fragmenting small RPCs. */
    static final int SEND_CHUNK = 16 * 1024;

    /**
     * Writes {@code message} framed and flushes. The caller keeps ownership of {@code message} (and
     * may wipe it afterwards): nothing here copies it into a longer-lived buffer.
     */
    void write(OutputStream out, byte[] message) throws IOException {
        if (this == END_OF_MESSAGE) {
            if (indexOf(message, EOM) >= 0) {
                // The peer would end the message early and read the rest as garbage.
                throw new IOException("message contains the base:1.0 end-of-message marker ]]>]]>");
            }
            out.write(message);
            out.write(EOM);
        } else {
            for (int off = 0; off < message.length; off += SEND_CHUNK) {
                int len = Math.min(SEND_CHUNK, message.length - off);
                out.write(("\n#" + len + "\n").getBytes(StandardCharsets.US_ASCII));
                out.write(message, off, len);
            }
            out.write(END_OF_CHUNKS);
        }
        out.flush();
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
