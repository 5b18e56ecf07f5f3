package org.qkdmacsec.driver.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.spi.Secret;

/** IEEE 802.1X AES-CMAC KDF against the public vectors quoted in PROTOCOLS.md (Android macsec PSK plugin VTS). */
class KdfTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] CAK128 = HEX.parseHex("0123456789ABCDEF0123456789ABCDEF");
    private static final byte[] CAK256 = HEX.parseHex("0123456789ABCDEF".repeat(4));

    @Test
    void kekAndIckFor128BitCak() {
        try (Secret cak = Secret.copyOf(CAK128); Secret kek = Kdf.kek(cak, HEX.parseHex("31323334"));
             Secret ick = Kdf.ick(cak, HEX.parseHex("31323334"))) {
            assertEquals("880f0494fee363ab6a9c198b44840f33", new String(kek.hexChars()));
            assertEquals("5743529abaa746e945f14b7717f342d6", new String(ick.hexChars()));
        }
    }

    @Test
    void kekAndIckFor256BitCak() {
        try (Secret cak = Secret.copyOf(CAK256); Secret kek = Kdf.kek(cak, HEX.parseHex("35363738"));
             Secret ick = Kdf.ick(cak, HEX.parseHex("35363738"))) {
            assertEquals("9de89702775410e4fde419b3f761da2fffca4d46ea763fe8afc8bb15fab5e9b5", new String(kek.hexChars()));
            assertEquals("65aa7da334ccba2642db03b72973bc3fc30bd43d5baafa044da97e8a96cd0895", new String(ick.hexChars()));
        }
    }

    @Test
    void sakVectors() {
        try (Secret cak = Secret.copyOf(CAK128);
             Secret sak = Kdf.sak(cak, HEX.parseHex("31323334111212143132333411121214"), 16)) {
            assertArrayEquals(HEX.parseHex("13D9EE5B268B44FB37633D41C8E70D93"), sak.copyBytes());
        }
        try (Secret cak = Secret.copyOf(CAK256); Secret sak = Kdf.sak(cak, HEX.parseHex("31323334".repeat(8)), 32)) {
            assertArrayEquals(HEX.parseHex("3909366018072B5DF0818145CD71C6BA1D2B87C4EF79688228D02586D363FF89"), sak.copyBytes());
        }
    }

    @Test
    void refusesMalformedParameters() {
        assertThrows(IllegalArgumentException.class, () -> Kdf.derive(CAK128, "SHORT", new byte[0], 128));
        assertThrows(IllegalArgumentException.class, () -> Kdf.derive(new byte[15], Kdf.SAK_LABEL, new byte[0], 128));
        assertThrows(IllegalArgumentException.class, () -> Kdf.derive(CAK128, Kdf.SAK_LABEL, new byte[0], 12));
    }
}
