package org.qkdmacsec.harness.kme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.InventoryLoader;
import org.qkdmacsec.controller.inventory.Kme;
import org.qkdmacsec.controller.keys.DerivationMethod;
import org.qkdmacsec.controller.keys.DerivedKey;
import org.qkdmacsec.controller.keys.KeyDerivation;
import org.qkdmacsec.controller.keys.KeyMismatchException;
import org.qkdmacsec.controller.kme.KeyLeaks;
import org.qkdmacsec.controller.kme.KmeClient;
import org.qkdmacsec.controller.kme.KmeException;
import org.qkdmacsec.controller.kme.KmeStatus;
import org.qkdmacsec.controller.kme.QkdKey;
import org.qkdmacsec.controller.kme.StatusAnswer;
import org.qkdmacsec.lab.kme.Fault;
import org.qkdmacsec.lab.kme.KeyPoolSpec;
import org.qkdmacsec.lab.kme.KmeEndpoint;
import org.qkdmacsec.lab.kme.KmeNetwork;
import org.qkdmacsec.lab.kme.KmeSpec;
import org.qkdmacsec.lab.pki.TestPki;
import org.qkdmacsec.spi.CipherSuite;

/**
 * The ETSI 014 client against the lab's KME simulator over loopback mutual TLS (and plain HTTP), with
 * every fault the simulator can inject. All log output of the run (client and simulator) is captured;
 * the last test fails if any key delivered during the run appears in it, or in an exception message.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KmeClientIntegrationTest {
    @TempDir
    static Path dir;

    static LogCapture logs;
    static final KeyLeaks KEYS = new KeyLeaks();
    static final List<String> MESSAGES = new ArrayList<>();
    static KmeNetwork net;
    static TestPki pki;
    static TestPki foreignPki;
    static Inventory inventory;

    @BeforeAll
    static void startNetwork() {
        logs = LogCapture.install();
        pki = TestPki.create(dir.resolve("pki"));
        foreignPki = TestPki.create(dir.resolve("foreign"));
        foreignPki.issueClient("sae-a");
        net = KmeNetwork.builder(Clock.systemUTC()).pki(pki)
                .kme("kme-a").kme("kme-b", KmeSpec.mtls().withMaxKeyPerRequest(3))
                .kme("kme-plain", KmeSpec.insecure()).kme("kme-qupskd", KmeSpec.qupskd())
                .sae("sae-a", "kme-a").sae("sae-b", "kme-b")
                .sae("sae-p", "kme-plain").sae("sae-q", "kme-qupskd").sae("sae-q2", "kme-qupskd")
                .pool(KeyPoolSpec.defaults())
                .build().start();
        Path p = pki.directory();
        Path f = foreignPki.directory();
        inventory = InventoryLoader.parse("kmes.yaml", """
                kmes:
                  - {id: kme-a, url: '%1$s', sae-id: sae-a, client-cert: '%3$s/sae-a.crt.pem', client-key: '%3$s/sae-a.key.pem', ca: '%3$s/ca.pem'}
                  - {id: kme-a-p12, url: '%1$s', sae-id: sae-a, pkcs12: '%3$s/sae-a.p12', pkcs12-password: 'file:%3$s/sae-a.p12.pass', ca: '%3$s/ca.pem'}
                  - {id: kme-a-as-b, url: '%1$s', sae-id: sae-b, client-cert: '%3$s/sae-b.crt.pem', client-key: '%3$s/sae-b.key.pem', ca: '%3$s/ca.pem'}
                  - {id: kme-a-foreign-cert, url: '%1$s', sae-id: sae-a, client-cert: '%4$s/sae-a.crt.pem', client-key: '%4$s/sae-a.key.pem', ca: '%3$s/ca.pem'}
                  - {id: kme-a-untrusted, url: '%1$s', sae-id: sae-a, client-cert: '%3$s/sae-a.crt.pem', client-key: '%3$s/sae-a.key.pem', ca: '%4$s/ca.pem'}
                  - {id: kme-a-impatient, url: '%1$s', sae-id: sae-a, client-cert: '%3$s/sae-a.crt.pem', client-key: '%3$s/sae-a.key.pem', ca: '%3$s/ca.pem', read-timeout: 1s}
                  - {id: kme-b, url: '%2$s', sae-id: sae-b, client-cert: '%3$s/sae-b.crt.pem', client-key: '%3$s/sae-b.key.pem', ca: '%3$s/ca.pem'}
                  - {id: kme-plain, url: '%5$s', insecure: true}
                  - {id: kme-plain-get, url: '%5$s', insecure: true, method: get}
                  - {id: kme-qupskd, url: '%6$s', insecure: true, method: get}
                """.formatted(net.kme("kme-a").uri(), net.kme("kme-b").uri(), p, f,
                net.kme("kme-plain").uri(), net.kme("kme-qupskd").uri()));
    }

    @AfterAll
    static void stop() {
        if (net != null) {
            net.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    static Kme kme(String id) {
        return inventory.kme(id).orElseThrow();
    }

    /** Runs {@code call}, remembering every delivered key for the leak scan. */
    static List<QkdKey> remembered(List<QkdKey> keys) {
        keys.forEach(k -> KEYS.remember(k.key().copyBytes()));
        return keys;
    }

    static KmeException fails(KmeException.Kind kind, Runnable call) {
        KmeException e = assertThrows(KmeException.class, call::run);
        MESSAGES.add(e.toString());
        assertEquals(kind, e.kind(), e.getMessage());
        return e;
    }

    @Test
    @Order(1)
    void eightKeysFromAThenTheSameEightFromB() {
        try (KmeClient a = KmeClient.open(kme("kme-a")); KmeClient b = KmeClient.open(kme("kme-b"))) {
            int before = net.storedKeyCount("sae-a", "sae-b");
            List<QkdKey> enc = remembered(a.encKeys("sae-b", 8, 256));
            assertEquals(8, enc.size());
            assertEquals(before - 8, net.storedKeyCount("sae-a", "sae-b"));
            List<String> ids = enc.stream().map(QkdKey::keyId).toList();
            List<QkdKey> dec = remembered(b.decKeys("sae-a", ids, 256)); // kme-b: 3 per request → 3 calls
            assertEquals(ids, dec.stream().map(QkdKey::keyId).toList());
            for (int i = 0; i < 8; i++) {
                assertTrue(enc.get(i).key().contentEquals(dec.get(i).key()), "key " + ids.get(i));
                assertEquals(32, dec.get(i).key().length());
            }
            KeyDerivation d = new KeyDerivation(DerivationMethod.DIRECT, CipherSuite.GCM_AES_XPN_256);
            try (DerivedKey k = d.derive(ids.get(0), enc.get(0).key(), dec.get(0).key())) {
                assertEquals(KeyDerivation.ckn(ids.get(0)), k.ckn());
            }
            QkdKey.closeAll(enc);
            QkdKey.closeAll(dec);
            KmeException again = fails(KmeException.Kind.BAD_REQUEST, () -> b.decKeys("sae-a", ids.subList(0, 1), 256));
            assertTrue(again.keysMayBeConsumed());
            assertTrue(again.getMessage().contains("the keys may already be consumed"), again.getMessage());
            assertEquals(0, net.pendingKeyCount("sae-a", "sae-b"));
        }
    }

    @Test
    @Order(2)
    void statusReportsThePairAndBatchesFollowIt() {
        try (KmeClient a = KmeClient.open(kme("kme-a")); KmeClient b = KmeClient.open(kme("kme-b"))) {
            KmeStatus s = a.status("sae-b");
            assertEquals("kme-a", s.sourceKmeId());
            assertEquals("kme-b", s.targetKmeId());
            assertEquals("sae-a", s.masterSaeId());
            assertEquals("sae-b", s.slaveSaeId());
            assertEquals(256, s.keySize());
            assertEquals(128, s.maxKeyPerRequest());
            assertEquals(3, b.status("sae-a").maxKeyPerRequest());
            List<QkdKey> enc = remembered(b.encKeys("sae-a", 7, 256)); // B as master: 3 + 3 + 1
            List<QkdKey> dec = remembered(a.decKeys("sae-b", enc.stream().map(QkdKey::keyId).toList(), 256));
            assertEquals(7, dec.size());
            QkdKey.closeAll(enc);
            QkdKey.closeAll(dec);
        }
    }

    @Test
    @Order(2)
    void aClientKeepsItsMutualTlsConnectionAcrossRequests() {
        // A client certificate makes Apache's pooled connection "stateful" (its user token is the TLS principal):
        // with a fresh context per request, none would ever be reused, and every request paid a TLS handshake.
        org.qkdmacsec.lab.kme.Kme server = net.kme("kme-b");
        int before = server.requests().connections();
        try (KmeClient b = KmeClient.open(kme("kme-b"))) {
            for (int i = 0; i < 5; i++) {
                b.status("sae-a");
            }
        }
        assertEquals(1, server.requests().connections() - before, "five requests, one connection");
    }

    @Test
    @Order(3)
    void pkcs12IdentityWorksLikePem() {
        try (KmeClient a = KmeClient.open(kme("kme-a-p12")); KmeClient b = KmeClient.open(kme("kme-b"))) {
            List<QkdKey> enc = remembered(a.encKeys("sae-b", 1, 512));
            List<QkdKey> dec = remembered(b.decKeys("sae-a", List.of(enc.get(0).keyId()), 512));
            assertTrue(enc.get(0).key().contentEquals(dec.get(0).key()));
            assertEquals(64, enc.get(0).key().length());
            QkdKey.closeAll(enc);
            QkdKey.closeAll(dec);
        }
    }

    @Test
    @Order(3)
    void encryptedPemKeysNeedTheirPasswordAndBadFilesAreConfigErrors() throws Exception {
        Path key = dir.resolve("sae-a.enc.key.pem");
        char[] password = "Lab-Key-Pass-1".toCharArray();
        var encryptor = new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder(
                org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC)
                .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).setPassword(password).build();
        try (var w = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(java.nio.file.Files.newBufferedWriter(key))) {
            w.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(net.saeIdentity("sae-a").privateKey(), encryptor));
        }
        java.nio.file.Files.writeString(dir.resolve("key.pass"), "Lab-Key-Pass-1\n");
        Path p = pki.directory();
        Inventory inv = InventoryLoader.parse("enc.yaml", """
                kmes:
                  - {id: enc, url: '%1$s', sae-id: sae-a, client-cert: '%2$s/sae-a.crt.pem', client-key: '%3$s', client-key-password: 'file:%4$s', ca: '%2$s/ca.pem'}
                  - {id: nopass, url: '%1$s', sae-id: sae-a, client-cert: '%2$s/sae-a.crt.pem', client-key: '%3$s', ca: '%2$s/ca.pem'}
                  - {id: missing, url: '%1$s', sae-id: sae-a, client-cert: '%2$s/nobody.crt.pem', client-key: '%3$s', ca: '%2$s/ca.pem'}
                  - {id: badpass, url: '%1$s', sae-id: sae-a, pkcs12: '%2$s/sae-a.p12', pkcs12-password: 'env:QKD_TEST_SURELY_UNSET', ca: '%2$s/ca.pem'}
                """.formatted(net.kme("kme-a").uri(), p, key, dir.resolve("key.pass")));
        try (KmeClient a = KmeClient.open(inv.kme("enc").orElseThrow())) {
            QkdKey.closeAll(remembered(a.encKeys("sae-b", 1, 256)));
        }
        KmeException nopass = fails(KmeException.Kind.CONFIG, () -> KmeClient.open(inv.kme("nopass").orElseThrow()));
        assertTrue(nopass.getMessage().endsWith("is encrypted: set client-key-password"), nopass.getMessage());
        KmeException missing = fails(KmeException.Kind.CONFIG, () -> KmeClient.open(inv.kme("missing").orElseThrow()));
        assertTrue(missing.getMessage().contains("cannot read client-cert " + p.resolve("nobody.crt.pem")), missing.getMessage());
        KmeException badpass = fails(KmeException.Kind.CONFIG, () -> KmeClient.open(inv.kme("badpass").orElseThrow()));
        assertTrue(badpass.getMessage().contains("env:QKD_TEST_SURELY_UNSET"), badpass.getMessage());
    }

    @Test
    @Order(4)
    void theWrongClientCertificateIsATyped401() {
        try (KmeClient asB = KmeClient.open(kme("kme-a-as-b"))) {
            KmeException e = fails(KmeException.Kind.UNAUTHORIZED, () -> asB.encKeys("sae-a", 1, 256));
            assertEquals(401, e.httpStatus().orElseThrow());
            assertEquals(Optional.of("SAE 'sae-b' is not attached to KME 'kme-a'"), e.kmeMessage());
            assertFalse(e.keysMayBeConsumed());
        }
        try (KmeClient a = KmeClient.open(kme("kme-a"))) {
            KmeException e = fails(KmeException.Kind.BAD_REQUEST, () -> a.encKeys("sae-a", 1, 256));
            assertTrue(e.kmeMessage().orElseThrow().contains("cannot share keys with itself"), e.getMessage());
        }
    }

    @Test
    @Order(5)
    void tlsFailuresAreTyped() {
        try (KmeClient foreign = KmeClient.open(kme("kme-a-foreign-cert"))) {
            // TLS 1.3: the client's handshake is over before the server checks its certificate, and the lab
            // server then just closes; with TLS 1.2 (or an alert) the same refusal is a TLS error. On a busy
            // machine the close can even beat the request out (a broken pipe while sending: not sent).
            KmeException e = assertThrows(KmeException.class, () -> foreign.encKeys("sae-b", 1, 256));
            MESSAGES.add(e.toString());
            assertTrue(e.kind() == KmeException.Kind.TLS || e.kind() == KmeException.Kind.CONNECTION_LOST
                    || e.kind() == KmeException.Kind.CONNECT && e.delivery() == KmeException.Delivery.NOT_SENT, e.getMessage());
        }
        try (KmeClient untrusting = KmeClient.open(kme("kme-a-untrusted"))) {
            KmeException e = fails(KmeException.Kind.TLS, () -> untrusting.encKeys("sae-b", 1, 256));
            assertFalse(e.keysMayBeConsumed());
            assertEquals(KmeException.Delivery.NOT_SENT, e.delivery());
            assertTrue(e.getMessage().contains("is not trusted") && e.getMessage().contains("set ca:"), e.getMessage());
            assertTrue(e.getMessage().endsWith("(the request was not sent)"), e.getMessage());
        }
    }

    @Test
    @Order(6)
    void everyInjectedFaultIsATypedError() {
        try (KmeClient a = KmeClient.open(kme("kme-a")); KmeClient b = KmeClient.open(kme("kme-b"));
             KmeClient impatient = KmeClient.open(kme("kme-a-impatient"))) {
            var faultsA = net.kme("kme-a").faults();
            var faultsB = net.kme("kme-b").faults();

            faultsA.once(Fault.unavailable());
            KmeException u = fails(KmeException.Kind.UNAVAILABLE, () -> a.encKeys("sae-b", 1, 256));
            assertEquals(503, u.httpStatus().orElseThrow());
            assertEquals(Optional.of("KME 'kme-a' is unavailable (injected fault)"), u.kmeMessage());

            faultsA.once(Fault.unavailable());
            assertEquals("kme-a", a.status("sae-b").sourceKmeId(), "status retries a 503");

            faultsA.once(Fault.exhausted());
            KmeException x = fails(KmeException.Kind.BAD_REQUEST, () -> a.encKeys("sae-b", 2, 256));
            assertTrue(x.kmeMessage().orElseThrow().contains("exhausted"), x.getMessage());
            assertTrue(x.notEnoughKeysYet(), "nothing handed out: the engine may ask again");
            assertTrue(u.notEnoughKeysYet(), "a 503 handed nothing out either");

            faultsA.once(Fault.latency(Duration.ofSeconds(4)));
            fails(KmeException.Kind.TIMEOUT, () -> impatient.encKeys("sae-b", 1, 256));

            faultsA.once(Fault.dropConnection().on(KmeEndpoint.ENC_KEYS));
            KmeException dropped = fails(KmeException.Kind.CONNECTION_LOST, () -> a.encKeys("sae-b", 1, 256));
            assertEquals(KmeException.Delivery.UNKNOWN, dropped.delivery());
            assertFalse(dropped.notEnoughKeysYet());

            faultsA.once(Fault.corruptKey());
            KmeException c = fails(KmeException.Kind.MALFORMED, () -> a.encKeys("sae-b", 2, 256));
            assertTrue(c.getMessage().contains("keys[0].key is not valid base64"), c.getMessage());

            List<QkdKey> enc = remembered(a.encKeys("sae-b", 2, 256));
            List<String> ids = enc.stream().map(QkdKey::keyId).toList();
            faultsB.once(Fault.dropConnection().on(KmeEndpoint.DEC_KEYS));
            KmeException lost = fails(KmeException.Kind.CONNECTION_LOST, () -> b.decKeys("sae-a", ids, 256));
            assertTrue(lost.keysMayBeConsumed(), "the KME processed the request before dropping the connection");
            QkdKey.closeAll(enc);

            enc = remembered(a.encKeys("sae-b", 1, 256));
            faultsB.once(Fault.wrongKey());
            List<QkdKey> dec = remembered(b.decKeys("sae-a", List.of(enc.get(0).keyId()), 256));
            KeyDerivation d = new KeyDerivation(DerivationMethod.DIRECT, CipherSuite.GCM_AES_XPN_256);
            QkdKey e0 = enc.get(0);
            QkdKey d0 = dec.get(0);
            KeyMismatchException m = assertThrows(KeyMismatchException.class, () -> d.derive(e0.keyId(), e0.key(), d0.key()));
            MESSAGES.add(m.toString());
            QkdKey.closeAll(enc);
            QkdKey.closeAll(dec);

            faultsB.sticky(Fault.unavailable());
            KmeException dec503 = fails(KmeException.Kind.UNAVAILABLE, () -> b.decKeys("sae-a", List.of("no-such"), 256));
            assertTrue(dec503.keysMayBeConsumed());
            faultsB.clear();
            assertTrue(net.kme("kme-a").faults().armed().isEmpty(), "every one-shot fault was spent");
        }
    }

    @Test
    @Order(7)
    void aStoppedKmeIsAConnectError() {
        KmeNetwork lonely = KmeNetwork.builder(Clock.systemUTC()).kme("gone", KmeSpec.insecure())
                .sae("x", "gone").sae("y", "gone").build().start();
        String url = lonely.kme("gone").uri().toString();
        lonely.close();
        Inventory inv = InventoryLoader.parse("gone.yaml", "kmes:\n  - {id: gone, url: '" + url + "', insecure: true, connect-timeout: 2s}\n");
        try (KmeClient c = KmeClient.open(inv.kme("gone").orElseThrow())) {
            KmeException e = fails(KmeException.Kind.CONNECT, () -> c.status("y"));
            assertTrue(e.getMessage().startsWith("KME gone: status (peer SAE y): cannot connect to " + url), e.getMessage());
            assertTrue(e.getMessage().endsWith("(the request was not sent)") && !e.getMessage().contains("null"), e.getMessage());
        }
    }

    @Test
    @Order(8)
    void plainHttpKmeWithoutClientCertificate() {
        try (KmeClient p = KmeClient.open(kme("kme-plain"))) {
            KmeStatus s = p.status("sae-a");
            assertEquals("kme-plain", s.sourceKmeId());
            List<QkdKey> enc = remembered(p.encKeys("sae-a", 2, 256));
            assertEquals(2, enc.size());
            QkdKey.closeAll(enc);
        }
    }

    @Test
    @Order(9)
    void qupskdStyleKmeWithoutStatusGetOnly() throws Exception {
        try (KmeClient q = KmeClient.open(kme("kme-qupskd"))) {
            fails(KmeException.Kind.MALFORMED, () -> q.status("sae-q2"));
            assertEquals(new StatusAnswer.NotAStatus("a Key container with 1 key(s)"), q.statusAnswer("sae-q2"));
            List<QkdKey> enc = remembered(q.encKeys("sae-q2", 3, 256)); // no status → one key per call
            List<String> ids = enc.stream().map(QkdKey::keyId).toList();
            assertEquals(3, new java.util.HashSet<>(ids).size());
            List<QkdKey> dec = remembered(q.decKeys("sae-q", ids, 256));
            for (int i = 0; i < 3; i++) {
                byte[] expected = MessageDigest.getInstance("SHA3-256").digest(ids.get(i).getBytes(StandardCharsets.UTF_8));
                assertArrayEquals(expected, dec.get(i).key().copyBytes());
                assertTrue(enc.get(i).key().contentEquals(dec.get(i).key()));
            }
            QkdKey.closeAll(enc);
            QkdKey.closeAll(dec);
        }
    }

    @Test
    @Order(10)
    void aDroppedConnectionDuringAGetEncKeysReachesTheKmeExactlyOnce() {
        var plain = net.kme("kme-plain");
        try (KmeClient p = KmeClient.open(kme("kme-plain-get"))) {
            QkdKey.closeAll(remembered(p.encKeys("sae-a", 1, 256))); // a kept-alive connection the next call reuses
            int requests = plain.requests().of(KmeEndpoint.ENC_KEYS);
            int waiting = net.pendingKeyCount("sae-p", "sae-a");
            plain.faults().once(Fault.dropConnection().on(KmeEndpoint.ENC_KEYS));
            KmeException e = fails(KmeException.Kind.CONNECTION_LOST, () -> p.encKeys("sae-a", 1, 256));
            assertEquals(KmeException.Delivery.UNKNOWN, e.delivery());
            assertTrue(e.getMessage().contains("(the request was sent and may have been processed by the KME)"), e.getMessage());
            assertEquals(requests + 1, plain.requests().of(KmeEndpoint.ENC_KEYS), "exactly one request reached the KME");
            assertEquals(waiting + 1, net.pendingKeyCount("sae-p", "sae-a"), "and it handed out exactly one key");
        }
    }

    @Test
    @Order(11)
    void theJdkHttpClientWouldHaveSentThatGetTwice() throws Exception {
        // Why the client does not use java.net.http: on a reused connection that closes before any byte of
        // the answer, the JDK re-sends a GET by itself (MultiExchange retries a ConnectionExpiredException).
        var plain = net.kme("kme-plain");
        java.net.http.HttpClient jdk = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.net.URI uri = plain.apiUri().resolve("sae-a/enc_keys?number=1");
        var ok = jdk.send(java.net.http.HttpRequest.newBuilder(uri).GET().build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        assertEquals(200, ok.statusCode());
        int requests = plain.requests().of(KmeEndpoint.ENC_KEYS);
        plain.faults().once(Fault.dropConnection().on(KmeEndpoint.ENC_KEYS));
        var again = jdk.send(java.net.http.HttpRequest.newBuilder(uri).GET().build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        assertEquals(200, again.statusCode(), "the JDK hid the lost answer by sending the GET again");
        assertEquals(requests + 2, plain.requests().of(KmeEndpoint.ENC_KEYS), "two requests, two keys handed out, for one call");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void noKeyAppearsInAnyLogLineOrErrorMessage() {
        assertTrue(KEYS.count() >= 30, "the run delivered keys to look for: " + KEYS.count());
        String all = logs.text() + String.join("\n", MESSAGES);
        assertTrue(logs.size() > 20, "log output was captured: " + logs.size() + " lines");
        assertTrue(all.contains("enc_keys"), "the capture holds the KME traffic");
        assertEquals(List.of(), KEYS.findIn(all), "key material in logs or messages");
    }
}
