package org.qkdmacsec.controller.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.Secret;

/**
 * Test vectors computed independently with Python's hashlib/hmac; the one-liners that produce them are in
 * docs/keys.md ("Test vectors") and can be re-run there.
 */
class KeyDerivationTest {
    static final String KEY_ID = "0c6d9d5f-4b9e-4a3c-9b7b-2f1e8d6a5c40";
    /** bytes(range(32)) */
    static final String QKD = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    /** sha256(b"extra-1"), sha256(b"extra-2"), sha256(b"previous-cak") */
    static final String E1 = "1ecd949bcb5196ca2578351b7104f82e072c045860809ef592d1a1bb43f12f9c";
    static final String E2 = "0d685b0f13830f37f656a0e12503a6f413eda43a2037e26d4d32b1ccd3fbc5d8";
    static final String PREV = "4b9b09d81b1faab2ac74d98b6fb41e9f87d8f47ac8148492f155b58a4192c7cb";
    static final String PSK = "correct horse battery staple";

    private static Secret hex(String h) {
        return Secret.fromHex(h.toCharArray());
    }

    private static String cak(DerivationMethod m, CipherSuite c, List<String> extras, String previous) {
        List<Secret> secrets = extras.stream().map(KeyDerivationTest::hex).toList();
        return cakOf(m, c, secrets, previous);
    }

    private static String cakOf(DerivationMethod m, CipherSuite c, List<Secret> secrets, String previous) {
        try (Secret enc = hex(QKD); Secret dec = hex(QKD);
             DerivedKey k = new KeyDerivation(m, c).derive(KEY_ID, enc, dec,
                     new HybridInputs(secrets, Optional.ofNullable(previous).map(KeyDerivationTest::hex)))) {
            assertEquals("4e4f8e3e9a2fa708715ccb9947f201d57bcc4f9bcdcc24c712d1baacbadfbb11", k.ckn());
            assertEquals(KEY_ID, k.keyId());
            return new String(k.cak().hexChars());
        } finally {
            secrets.forEach(Secret::close);
        }
    }

    @Test
    void cknIsHexOfSha256OfTheKeyId() {
        assertEquals("4e4f8e3e9a2fa708715ccb9947f201d57bcc4f9bcdcc24c712d1baacbadfbb11", KeyDerivation.ckn(KEY_ID));
    }

    @Test
    void directTakesTheFirstBytesOfTheQkdKeyByCipher() {
        assertEquals(QKD, cak(DerivationMethod.DIRECT, CipherSuite.GCM_AES_XPN_256, List.of(), null));
        assertEquals(QKD.substring(0, 32), cak(DerivationMethod.DIRECT, CipherSuite.GCM_AES_128, List.of(), null));
    }

    @Test
    void etsi004Combiners() {
        assertEquals("13a4cd97dcd79ffadb279ff1580a50d504d0b27154a26a8fc7fa0a6c8c17f45b",
                cak(DerivationMethod.XOR, CipherSuite.GCM_AES_256, List.of(E1, E2), null));
        assertEquals("13a4cd97dcd79ffadb279ff1580a50d5",
                cak(DerivationMethod.XOR, CipherSuite.GCM_AES_XPN_128, List.of(E1, E2), null));
        assertEquals("fdb8e74975b5421cc3aa0dcacef8aba43f648580eff9b709d93a0d9e58fa20e0",
                cak(DerivationMethod.HMAC, CipherSuite.GCM_AES_256, List.of(E1, E2), null));
        assertEquals("fdb8e74975b5421cc3aa0dcacef8aba4",
                cak(DerivationMethod.HMAC, CipherSuite.GCM_AES_128, List.of(E1, E2), null));
        assertEquals("975be1854ef13b2871666558dd73ae8a3487ba45457669b4ce8dc59686a4340c",
                cak(DerivationMethod.XORHMAC, CipherSuite.GCM_AES_XPN_256, List.of(E1, E2), null));
    }

    @Test
    void qupskdRatchetStartsFromTheConfiguredPskThenChainsFromThePreviousCak() {
        Secret psk = Secret.copyOf(PSK.getBytes(StandardCharsets.UTF_8));
        assertEquals("99b08b942a3467bc6c0f65d47f96665f1da1814abc1d0653cfea62f2ac5fd9d1",
                cakOf(DerivationMethod.QUPSKD, CipherSuite.GCM_AES_XPN_256, List.of(psk), null));
        Secret psk2 = Secret.copyOf(PSK.getBytes(StandardCharsets.UTF_8));
        assertEquals("6488d25f18da4a4013f72b0d74188140e0bdb259e9111daa22cf0677c104315e",
                cakOf(DerivationMethod.QUPSKD, CipherSuite.GCM_AES_XPN_256, List.of(psk2), PREV));
    }

    @Test
    void hkdfSha3SaltedWithThePreviousCak() {
        assertEquals("93989e07143d603759ef410afd4c6f6cca9fb916cd16228bf7b9e1d3ef2553fe",
                cak(DerivationMethod.HKDF_SHA3_256, CipherSuite.GCM_AES_XPN_256, List.of(E1), PREV));
        assertEquals("2c03c56e65e720d2f278d4ce54477d65aec8c93a92c5540fc747374c7f61a357",
                cak(DerivationMethod.HKDF_SHA3_256, CipherSuite.GCM_AES_256, List.of(), null));
        assertEquals("ca6e361537d3d89e0f0305766a71d2a3",
                cak(DerivationMethod.HKDF_SHA3_256, CipherSuite.GCM_AES_128, List.of(E1, E2), PREV));
    }

    @Test
    void differentKeysOnTheTwoSidesDeriveNothing() {
        try (Secret enc = hex(QKD); Secret dec = hex(E1)) {
            KeyMismatchException e = assertThrows(KeyMismatchException.class,
                    () -> new KeyDerivation(DerivationMethod.DIRECT, CipherSuite.GCM_AES_256).derive(KEY_ID, enc, dec));
            assertEquals(KEY_ID, e.keyId());
            assertEquals("key_ID " + KEY_ID + ": the ENC and DEC KMEs returned different keys; nothing was derived",
                    e.getMessage());
        }
    }

    @Test
    void inputsThatCannotMakeACakAreRefusedWithoutKeyMaterial() {
        KeyDerivation d256 = new KeyDerivation(DerivationMethod.DIRECT, CipherSuite.GCM_AES_XPN_256);
        try (Secret shortKey = hex(QKD.substring(0, 32)); Secret same = hex(QKD.substring(0, 32))) {
            KeyDerivationException e = assertThrows(KeyDerivationException.class, () -> d256.derive(KEY_ID, shortKey, same));
            assertEquals("key_ID " + KEY_ID + ": the QKD key has 16 bytes, gcm-aes-xpn-256 needs at least 32", e.getMessage());
        }
        try (Secret k = hex(QKD); Secret k2 = hex(QKD); Secret shortExtra = hex("00ff")) {
            KeyDerivation xor = new KeyDerivation(DerivationMethod.XOR, CipherSuite.GCM_AES_256);
            KeyDerivationException e = assertThrows(KeyDerivationException.class,
                    () -> xor.derive(KEY_ID, k, k2, new HybridInputs(List.of(shortExtra), Optional.empty())));
            assertEquals("xor: extra secret 1 has 2 bytes, fewer than the 32-byte CAK", e.getMessage());
            KeyDerivationException none = assertThrows(KeyDerivationException.class, () -> xor.derive(KEY_ID, k, k2));
            assertEquals("xor takes at least 1 extra secret(s), got 0", none.getMessage());
            KeyDerivation qupskd128 = new KeyDerivation(DerivationMethod.QUPSKD, CipherSuite.GCM_AES_128);
            assertThrows(KeyDerivationException.class, () -> qupskd128.derive(KEY_ID, k, k2,
                    new HybridInputs(List.of(shortExtra), Optional.empty())));
        }
    }

    @Test
    void closingTheDerivedKeyWipesTheCak() {
        try (Secret enc = hex(QKD); Secret dec = hex(QKD)) {
            DerivedKey k = new KeyDerivation(DerivationMethod.DIRECT, CipherSuite.GCM_AES_256).derive(KEY_ID, enc, dec);
            Secret cak = k.cak();
            k.close();
            assertThrows(IllegalStateException.class, cak::copyBytes);
            assertFalse(k.toString().contains(QKD.substring(0, 8)), k.toString());
            assertFalse(enc.isClosed(), "the caller's keys stay the caller's");
        }
    }
}
