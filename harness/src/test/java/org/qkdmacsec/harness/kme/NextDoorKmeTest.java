package org.qkdmacsec.harness.kme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.InventoryLoader;
import org.qkdmacsec.controller.inventory.Kme;
import org.qkdmacsec.controller.kme.KmeClient;
import org.qkdmacsec.controller.kme.KmeException;
import org.qkdmacsec.controller.kme.QkdKey;
import org.qkdmacsec.controller.kme.StatusAnswer;
import org.qkdmacsec.lab.kme.KeyPoolSpec;
import org.qkdmacsec.lab.kme.KmeNetwork;
import org.qkdmacsec.lab.kme.KmeSpec;
import org.qkdmacsec.lab.pki.TestPki;

/**
 * The client against two lab KMEs that behave like CreepPork/next-door-key-simulator: certificates
 * without subjectAltName (pinned here as an operator would, from the certificate file), a
 * stored_key_count of reserved keys, "Try again later" when short of keys, POST only, size read as bytes.
 */
class NextDoorKmeTest {
    @TempDir
    static Path dir;
    static KmeNetwork net;
    static Inventory inv;
    static String pin1;
    static String pin2;

    @BeforeAll
    static void start() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        net = KmeNetwork.builder(Clock.systemUTC()).pki(pki).kme("kme-1", KmeSpec.nextDoor()).kme("kme-2", KmeSpec.nextDoor())
                .sae("sae-1", "kme-1").sae("sae-2", "kme-2")
                .pool(KeyPoolSpec.defaults().withMaxKeyCount(3).withKeysPerSecond(0)).build().start();
        Path p = pki.directory();
        pin1 = sha256(p.resolve("kme-1-nosan.crt.pem"));
        pin2 = sha256(p.resolve("kme-2-nosan.crt.pem"));
        String id1 = "sae-id: sae-1, client-cert: '%1$s/sae-1.crt.pem', client-key: '%1$s/sae-1.key.pem', ca: '%1$s/ca.pem'".formatted(p);
        String id2 = "sae-id: sae-2, client-cert: '%1$s/sae-2.crt.pem', client-key: '%1$s/sae-2.key.pem', ca: '%1$s/ca.pem'".formatted(p);
        String u1 = net.kme("kme-1").uri().toString();
        String u2 = net.kme("kme-2").uri().toString();
        inv = InventoryLoader.parse("next-door.yaml", String.join("\n",
                "kmes:",
                "  - {id: kme-1, url: '" + u1 + "', " + id1 + ", server-cert-sha256: '" + colons(pin1) + "'}",
                "  - {id: kme-2, url: '" + u2 + "', " + id2 + ", server-cert: '" + p.resolve("kme-2-nosan.crt.pem") + "'}",
                "  - {id: kme-1-unpinned, url: '" + u1 + "', " + id1 + "}",
                "  - {id: kme-1-wrong-pin, url: '" + u1 + "', " + id1 + ", server-cert-sha256: " + pin2 + "}",
                "  - {id: kme-1-get, url: '" + u1 + "', " + id1 + ", server-cert-sha256: " + pin1 + ", method: get}",
                ""));
    }

    @AfterAll
    static void stop() {
        net.close();
    }

    static String sha256(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            byte[] der = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        }
    }

    /** As openssl x509 -fingerprint prints it. */
    static String colons(String hex) {
        return String.join(":", hex.toUpperCase().split("(?<=\\G..)"));
    }

    static Kme kme(String id) {
        return inv.kme(id).orElseThrow();
    }

    @Test
    void aCertificateWithoutSanIsRefusedWithTheOptionThatPinsIt() {
        try (KmeClient c = KmeClient.open(kme("kme-1-unpinned"))) {
            StatusAnswer a = c.statusAnswer("sae-2");
            KmeException e = assertInstanceOf(StatusAnswer.Failed.class, a).error();
            assertEquals(KmeException.Kind.TLS, e.kind());
            assertTrue(e.getMessage().contains("has no subjectAltName") && e.getMessage().contains("server-cert-sha256: " + pin1)
                    && e.getMessage().contains("server-cert: FILE"), e.getMessage());
        }
        try (KmeClient c = KmeClient.open(kme("kme-1-wrong-pin"))) {
            KmeException e = assertThrows(KmeException.class, () -> c.status("sae-2"));
            assertEquals(KmeException.Kind.TLS, e.kind());
            assertTrue(e.getMessage().contains("SHA-256 " + pin1 + ") is not the one pinned for KME kme-1-wrong-pin"), e.getMessage());
        }
    }

    @Test
    void pinnedTheKmesServeAKeyCutFromTheLongerOneTheyReturn() {
        List<String> warnings = new ArrayList<>();
        try (KmeClient a = KmeClient.open(kme("kme-1"), w -> warnings.add(w.message()));
             KmeClient b = KmeClient.open(kme("kme-2"), w -> warnings.add(w.message()))) {
            StatusAnswer s = a.statusAnswer("sae-2");
            assertEquals(0, assertInstanceOf(StatusAnswer.Valid.class, s).status().storedKeyCount(),
                    "it counts reserved keys, though it holds " + net.storedKeyCount("sae-1", "sae-2"));
            List<QkdKey> enc = a.encKeys("sae-2", 1, 256);
            assertEquals(32, enc.get(0).key().length(), "the first 256 of 2048 bits");
            List<QkdKey> dec = b.decKeys("sae-1", List.of(enc.get(0).keyId()), 256);
            assertTrue(enc.get(0).key().contentEquals(dec.get(0).key()));
            assertTrue(warnings.get(0).contains("KME kme-1 returns 2048-bit keys when asked for 256 (it seems to read size in bytes)"),
                    warnings.toString());
            QkdKey.closeAll(enc);
            QkdKey.closeAll(dec);
        }
    }

    @Test
    void moreKeysThanGeneratedIsNotEnoughKeysYetAndNothingIsHandedOut() {
        try (KmeClient a = KmeClient.open(kme("kme-1"))) {
            int stored = net.storedKeyCount("sae-1", "sae-2");
            KmeException e = assertThrows(KmeException.class, () -> a.encKeys("sae-2", 5, 256));
            assertEquals(KmeException.Kind.BAD_REQUEST, e.kind());
            assertEquals("The requested key amount exceeds the generated key count. Try again later.", e.kmeMessage().orElseThrow());
            assertTrue(e.notEnoughKeysYet(), e.getMessage());
            assertEquals(KmeException.Delivery.ANSWERED, e.delivery());
            assertEquals(stored, net.storedKeyCount("sae-1", "sae-2"));
        }
    }

    @Test
    void aGetIsRefusedByAPostOnlyKme() {
        try (KmeClient g = KmeClient.open(kme("kme-1-get"))) {
            KmeException e = assertThrows(KmeException.class, () -> g.encKeys("sae-2", 1, 256));
            assertEquals(415, e.httpStatus().orElseThrow(), e.getMessage());
        }
    }
}
