package org.qkdmacsec.lab.iosxr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class Type7Test {
    @Test
    void decodesPublishedVectors() {
        // The classic published examples: all encode "cisco" with different seeds.
        assertEquals("cisco", Type7.decode("0822455D0A16"));
        assertEquals("cisco", Type7.decode("045802150C2E"));
        assertEquals("cisco", Type7.decode("02050D480809"));
    }

    @Test
    void roundTripsEverySeed() {
        String cak = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        for (int seed = 0; seed < 53; seed++) {
            String enc = Type7.encode(cak, seed);
            assertEquals(2 + 2 * cak.length(), enc.length());
            assertEquals(cak, Type7.decode(enc));
        }
        assertEquals("0822455D0A16", Type7.encode("cisco", 8));
    }

    @Test
    void rejectsMalformedWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Type7.decode("99AABB"));
        assertEquals("encrypted key-string seed must be less than 53", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Type7.decode("08ZZ"));
        assertThrows(IllegalArgumentException.class, () -> Type7.decode("0822455"));
        assertThrows(IllegalArgumentException.class, () -> Type7.decode("A822"));
    }
}
