package org.qkdmacsec.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretTest {
    private static final String KEY_HEX = "00112233445566778899aabbccddeeff0123456789abcdef0123456789abcdef";

    @Test
    void toStringNeverShowsContent() {
        try (Secret s = Secret.fromHex(KEY_HEX.toCharArray())) {
            assertEquals("Secret[redacted, 32 bytes]", s.toString());
            // Records that hold a secret print it redacted too.
            var add = new KeyPlan.Add("ab", s, Instant.EPOCH, Optional.empty());
            var plan = new KeyPlan(List.of(add), List.of(), List.of());
            assertFalse(plan.toString().contains(KEY_HEX));
            assertFalse(plan.toString().toUpperCase().contains(KEY_HEX.toUpperCase()));
        }
    }

    @Test
    void closeZeroizesAndForbidsUse() {
        byte[] raw = HexFormat.of().parseHex(KEY_HEX);
        Secret s = Secret.adopt(raw);
        s.close();
        assertArrayEquals(new byte[32], raw, "adopted array must be wiped by close()");
        assertTrue(s.isClosed());
        assertThrows(IllegalStateException.class, s::copyBytes);
        assertThrows(IllegalStateException.class, s::hexChars);
    }

    @Test
    void hexRoundTripAndSlice() {
        try (Secret s = Secret.fromHex(KEY_HEX.toUpperCase().toCharArray()); Secret first = s.slice(0, 16)) {
            assertEquals(KEY_HEX, new String(s.hexChars()));
            assertEquals(KEY_HEX.substring(0, 32), new String(first.hexChars()));
            assertEquals(16, first.length());
        }
    }

    @Test
    void copyOfDoesNotAliasCallerArray() {
        byte[] raw = {1, 2, 3};
        try (Secret s = Secret.copyOf(raw)) {
            raw[0] = 9;
            assertEquals(1, s.copyBytes()[0]);
        }
    }

    @Test
    void contentEqualsComparesBytes() {
        try (Secret a = Secret.fromHex("0102".toCharArray());
             Secret b = Secret.fromHex("0102".toCharArray());
             Secret c = Secret.fromHex("0103".toCharArray())) {
            assertTrue(a.contentEquals(b));
            assertFalse(a.contentEquals(c));
        }
    }

    @Test
    void badHexIsRejectedWithoutEchoingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> Secret.fromHex("zz1234".toCharArray()));
        assertFalse(e.getMessage().contains("zz1234"));
        assertThrows(IllegalArgumentException.class, () -> Secret.fromHex("abc".toCharArray()));
    }

    @Test
    void applyWipesItsTemporaryCopy() {
        try (Secret s = Secret.fromHex("0a0b".toCharArray())) {
            byte[][] seen = new byte[1][];
            int sum = s.apply(b -> {
                seen[0] = b;
                return b[0] + b[1];
            });
            assertEquals(21, sum);
            assertArrayEquals(new byte[2], seen[0]);
        }
    }

    @Test
    void portWithPeerCarriesThePeersFactsAndKeepsItsOptions() {
        record Facts(String sci) implements PeerFacts { }
        LinuxPortOptions options = new LinuxPortOptions(Optional.of("macsec7"), 2, 128);
        Port p = new Port("eth1", "CA1", "KC1", CipherSuite.GCM_AES_256, options).withPeer(new Facts("02000000000b0001"));
        assertEquals(Optional.of(new Facts("02000000000b0001")), p.peer());
        assertEquals(options, p.options());
        assertEquals(PortOptions.NONE, new Port("eth1", "CA1", "KC1", CipherSuite.GCM_AES_256).options());
    }

    @Test
    void linuxPortOptionsRefuseAnSciPortOrReplayWindowOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new LinuxPortOptions(Optional.empty(), 0, 64));
        assertThrows(IllegalArgumentException.class, () -> new LinuxPortOptions(Optional.empty(), 1, 0));
    }
}
