package org.qkdmacsec.driver.iosxr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.spi.Secret;

class Type7Test {

    /** The classic published vectors: "cisco" under seeds 8 and 2. */
    @Test
    void decodesKnownVectors() {
        assertEquals("cisco", new String(Type7.decode("0822455D0A16".toCharArray()), StandardCharsets.US_ASCII));
        assertEquals("cisco", new String(Type7.decode("02050D480809".toCharArray()), StandardCharsets.US_ASCII));
        assertEquals("0822455D0A16", new String(Type7.encode("cisco".getBytes(StandardCharsets.US_ASCII), 8)));
    }

    /**
     * Cisco's own IOS-XR example of a MACsec key-string (terraform-provider-iosxr, key_chain
     * definition, macsec key-string/password): the CAK 00 01 … 1f, seed 11.
     */
    @Test
    void encodesACakLikeCiscoExample() {
        String cisco = "115949554642595C577A7F747D63637244574E535806580851040D531C465C0851020204055A09575409"
                + "03554657520A5C575770151F08480746115A08552F7A22";
        byte[] cak = new byte[32];
        for (int i = 0; i < cak.length; i++) {
            cak[i] = (byte) i;
        }
        try (Secret secret = Secret.copyOf(cak)) {
            assertEquals(cisco, new String(Type7.encodeCak(secret, 11)));
        }
        assertEquals(HexFormat.of().formatHex(cak),
                new String(Type7.decode(cisco.toCharArray()), StandardCharsets.US_ASCII));
    }

    @Test
    void roundTripsRandomCaksUnderEverySeed() {
        Random random = new Random(7);
        for (int seed = 0; seed <= 15; seed++) {
            for (int len : new int[] {16, 32}) {
                byte[] cak = new byte[len];
                random.nextBytes(cak);
                try (Secret secret = Secret.copyOf(cak)) {
                    char[] encoded = Type7.encodeCak(secret, seed);
                    assertEquals(2 + 4 * len, encoded.length);
                    byte[] hex = Type7.decode(encoded);
                    assertArrayEquals(HexFormat.of().formatHex(cak).getBytes(StandardCharsets.US_ASCII), hex);
                }
            }
        }
    }

    @Test
    void randomSeedStaysInCiscoRange() {
        try (Secret secret = Secret.copyOf(new byte[16])) {
            for (int i = 0; i < 200; i++) {
                char[] e = Type7.encodeCak(secret);
                int seed = Integer.parseInt(new String(e, 0, 2));
                assertFalse(seed < 0 || seed > 15);
            }
        }
    }

    @Test
    void errorsDoNotEchoTheInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Type7.decode("08ZZ455D0A16".toCharArray()));
        assertFalse(e.getMessage().contains("ZZ455D"));
        assertThrows(IllegalArgumentException.class, () -> Type7.decode("X822455D0A16".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> Type7.encode(new byte[1], 16));
    }
}
