package org.qkdmacsec.driver.junos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** RFC 6242 framing in both directions, including chunk edge cases and reads split at every byte. */
class FramingTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static FrameReader reader(byte[] wire, Framing f, boolean oneByteAtATime) {
        InputStream in = new ByteArrayInputStream(wire);
        if (oneByteAtATime) {
            in = new FilterInputStream(in) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return super.read(b, off, Math.min(1, len));
                }
            };
        }
        FrameReader r = new FrameReader(in);
        r.framing(f);
        return r;
    }

    @ParameterizedTest
    @EnumSource(Framing.class)
    void roundTripsSeveralMessagesEvenWhenEveryReadReturnsOneByte(Framing f) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        byte[] a = ascii("<rpc-reply message-id=\"1\"><ok/></rpc-reply>");
        byte[] b = ascii("<rpc-reply message-id=\"2\"><data>]]> almost a marker ]]</data></rpc-reply>");
        f.write(wire, a);
        f.write(wire, b);
        for (boolean split : new boolean[] {false, true}) {
            FrameReader r = reader(wire.toByteArray(), f, split);
            assertArrayEquals(a, r.next());
            assertArrayEquals(b, r.next());
            assertNull(r.next(), "clean end of stream between messages");
        }
    }

    @Test
    void chunkedWriterSplitsLargeMessagesAndTheReaderJoinsThem() throws IOException {
        byte[] big = new byte[Framing.SEND_CHUNK * 2 + 7];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Framing.CHUNKED.write(wire, big);
        String w = wire.toString(StandardCharsets.US_ASCII);
        assertTrue(w.startsWith("\n#" + Framing.SEND_CHUNK + "\n"));
        assertTrue(w.contains("\n#7\n"));
        assertTrue(w.endsWith("\n##\n"));
        assertArrayEquals(big, reader(wire.toByteArray(), Framing.CHUNKED, false).next());
    }

    @Test
    void readsTheRfc6242ExampleWithChunksOfOddSizes() throws IOException {
        String wire = "\n#4\n<rpc\n#18\n message-id=\"102\"\n\n#79\n     xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\">\n"
                + "  <close-session/>\n</rpc>\n##\n";
        byte[] msg = reader(ascii(wire), Framing.CHUNKED, true).next();
        assertEquals("<rpc message-id=\"102\"\n     xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\">\n  <close-session/>\n</rpc>",
                new String(msg, StandardCharsets.UTF_8));
    }

    @Test
    void oneByteChunksAndTheLargestLegalSizeHeader() throws IOException {
        assertArrayEquals(ascii("ab"), reader(ascii("\n#1\na\n#1\nb\n##\n"), Framing.CHUNKED, false).next());
        // 4294967295 is legal but beyond the memory bound: refused as too long, not as a bad header.
        var e = assertThrows(FrameReader.FramingException.class,
                () -> reader(ascii("\n#4294967295\nxyz"), Framing.CHUNKED, false).next());
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\n#0\n\n##\n",            // size zero
        "\n#01\na\n##\n",          // leading zero
        "\n#4294967296\n",         // above the RFC maximum
        "\n#12345678901\n",        // eleven digits
        "\n#1x\na\n##\n",          // not a digit
        "#1\na\n##\n",             // missing LF before '#'
        "\n#1\nab\n##\n",          // chunk longer than its header
        "\n##\n",                  // end marker with no chunk
    })
    void malformedChunkHeadersAreFramingErrors(String wire) {
        assertThrows(FrameReader.FramingException.class, () -> reader(ascii(wire), Framing.CHUNKED, false).next());
    }

    @Test
    void streamEndingInsideAMessageIsAnEofNotACleanClose() {
        assertThrows(EOFException.class, () -> reader(ascii("\n#10\nabc"), Framing.CHUNKED, false).next());
        assertThrows(EOFException.class, () -> reader(ascii("\n#1\na\n#"), Framing.CHUNKED, false).next());
        assertThrows(EOFException.class, () -> reader(ascii("<rpc-reply>"), Framing.END_OF_MESSAGE, false).next());
    }

    @Test
    void endOfMessageReaderSkipsLineBreaksBetweenMessages() throws IOException {
        FrameReader r = reader(ascii("<hello/>]]>]]>\n\n<rpc-reply/>]]>]]>\n"), Framing.END_OF_MESSAGE, true);
        assertArrayEquals(ascii("<hello/>"), r.next());
        assertArrayEquals(ascii("<rpc-reply/>"), r.next());
        assertNull(r.next());
    }

    @Test
    void endOfMessageWriterRefusesAPayloadContainingTheMarker() {
        assertThrows(IOException.class, () -> Framing.END_OF_MESSAGE.write(new ByteArrayOutputStream(), ascii("<a>]]>]]></a>")));
    }

    @Test
    void readerSwitchesFramingAfterTheHello() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Framing.END_OF_MESSAGE.write(wire, ascii("<hello/>"));
        Framing.CHUNKED.write(wire, ascii("<rpc-reply/>"));
        FrameReader r = reader(wire.toByteArray(), Framing.END_OF_MESSAGE, false);
        assertArrayEquals(ascii("<hello/>"), r.next());
        r.framing(Framing.CHUNKED);
        assertArrayEquals(ascii("<rpc-reply/>"), r.next());
    }
}
