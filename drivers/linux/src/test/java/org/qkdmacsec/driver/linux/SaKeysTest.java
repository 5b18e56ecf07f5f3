package org.qkdmacsec.driver.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.Secret;

/** The per-rollover SAK: same on both ends, fresh for every key number and CKN, salt and SSCI for XPN. */
class SaKeysTest {
    static final String CKN = "1f2e3d4c5b6a79880123456789abcdef0123456789abcdef0123456789abcdef";
    static final Sci A = Sci.parse("02000000000a0001");
    static final Sci B = Sci.parse("0x2000000000b0001");

    static Secret cak() {
        byte[] k = new byte[32];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (i * 7 + 1);
        }
        return Secret.adopt(k);
    }

    @Test
    void contextIsCknThenSortedScisThenKeyNumber() {
        assertEquals(CKN + "02000000000a0001" + "02000000000b0001" + "00000007",
                HexFormat.of().formatHex(SaKeys.context(CKN, B, A, 7)));
        assertEquals(HexFormat.of().formatHex(SaKeys.context(CKN, A, B, 7)), HexFormat.of().formatHex(SaKeys.context(CKN, B, A, 7)));
        assertThrows(IllegalArgumentException.class, () -> SaKeys.context(CKN, A, B, 0));
    }

    @Test
    void bothEndsDeriveTheSameKeysAndEveryKeyNumberGivesANewSak() {
        try (Secret cak = cak();
             SaKeys atA = SaKeys.derive(cak, CKN, A, B, 1, CipherSuite.GCM_AES_XPN_256);
             SaKeys atB = SaKeys.derive(cak, CKN, B, A, 1, CipherSuite.GCM_AES_XPN_256);
             SaKeys next = SaKeys.derive(cak, CKN, A, B, 2, CipherSuite.GCM_AES_XPN_256);
             SaKeys otherCkn = SaKeys.derive(cak, "ab" + CKN.substring(2), A, B, 1, CipherSuite.GCM_AES_XPN_256)) {
            assertTrue(atA.sak().contentEquals(atB.sak()));
            assertTrue(atA.salt().orElseThrow().contentEquals(atB.salt().orElseThrow()));
            assertEquals(32, atA.sak().length());
            assertEquals(12, atA.salt().orElseThrow().length());
            assertFalse(atA.sak().contentEquals(next.sak()));
            assertFalse(atA.sak().contentEquals(otherCkn.sak()));
            assertEquals("1f2e3d4c5b6a79880123456789abcdef", atA.keyId());
        }
    }

    @Test
    void plainGcmHasNoSaltAndTheCakMustMatchTheCipher() {
        try (Secret cak = Secret.copyOf(new byte[16]); SaKeys k = SaKeys.derive(cak, "31323334", A, B, 1, CipherSuite.GCM_AES_128)) {
            assertTrue(k.salt().isEmpty());
            assertEquals(16, k.sak().length());
            assertEquals("31323334000000000000000000000000", k.keyId());
        }
        try (Secret cak = Secret.copyOf(new byte[16])) {
            assertThrows(IllegalArgumentException.class, () -> SaKeys.derive(cak, CKN, A, B, 1, CipherSuite.GCM_AES_256));
        }
    }

    @Test
    void ssciNumbersScisInAscendingOrder() {
        assertEquals(1, SaKeys.ssci(A, B));
        assertEquals(2, SaKeys.ssci(B, A));
    }

    @Test
    void closeWipesTheKeys() {
        SaKeys k;
        try (Secret cak = cak()) {
            k = SaKeys.derive(cak, CKN, A, B, 1, CipherSuite.GCM_AES_XPN_256);
        }
        k.close();
        assertTrue(k.sak().isClosed());
        assertTrue(k.salt().orElseThrow().isClosed());
    }
}
