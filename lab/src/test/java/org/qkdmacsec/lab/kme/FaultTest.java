package org.qkdmacsec.lab.kme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.lab.pki.TestPki;

class FaultTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    LabPair lab;
    EtsiClient a;
    EtsiClient b;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(dir);
    }

    @BeforeEach
    void start() {
        lab = new LabPair(pki, KeyPoolSpec.defaults().withKeysPerSecond(0));
        a = lab.client("sae-a");
        b = lab.client("sae-b");
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    Faults faultsA() {
        return lab.net.kme("kme-a").faults();
    }

    Faults faultsB() {
        return lab.net.kme("kme-b").faults();
    }

    @Test
    void unavailableOnceGives503BeforeAnythingIsConsumed() throws Exception {
        faultsA().once(Fault.unavailable());
        EtsiClient.Response r = a.encKeys("sae-b", 4, 256);
        assertEquals(503, r.status());
        assertEquals("KME 'kme-a' is unavailable (injected fault)", r.message());
        assertEquals(1000, lab.net.storedKeyCount("sae-a", "sae-b"));
        assertEquals(200, a.encKeys("sae-b", 4, 256).status(), "a one-shot fault is spent");
        assertTrue(faultsA().armed().isEmpty());
    }

    @Test
    void stickyFaultsStayUntilCleared() throws Exception {
        faultsB().sticky(Fault.unavailable());
        List<String> ids = a.encKeys("sae-b", 1, 256).keyIds();
        assertEquals(503, b.decKeys("sae-a", ids).status());
        assertEquals(503, b.get("sae-a/status").status());
        faultsB().clear();
        assertEquals(200, b.decKeys("sae-a", ids).status());
    }

    @Test
    void oneShotFaultsCountAndCanAimAtOneEndpoint() throws Exception {
        faultsA().once(Fault.unavailable().on(KmeEndpoint.ENC_KEYS));
        faultsA().once(Fault.unavailable().on(KmeEndpoint.ENC_KEYS));
        assertEquals(200, a.get("sae-b/status").status(), "status is not aimed at");
        assertEquals(503, a.encKeys("sae-b", 1, 256).status());
        assertEquals(503, a.encKeys("sae-b", 1, 256).status());
        assertEquals(200, a.encKeys("sae-b", 1, 256).status());
        assertThrows(IllegalArgumentException.class, () -> Fault.corruptKey().on(KmeEndpoint.STATUS));
    }

    @Test
    void latencyDelaysTheResponsePastTheClientTimeout() throws Exception {
        faultsA().once(Fault.latency(Duration.ofSeconds(60)));
        EtsiClient impatient = new EtsiClient(lab.net.kme("kme-a").apiUri(), lab.net.clientContext("sae-a"),
                Duration.ofSeconds(2));
        assertThrows(HttpTimeoutException.class, () -> impatient.get("sae-b/status"));

        faultsA().once(Fault.latency(Duration.ofSeconds(1)));
        long start = System.nanoTime();
        assertEquals(200, a.get("sae-b/status").status());
        assertTrue(System.nanoTime() - start >= Duration.ofSeconds(1).toNanos(), "the response waited");
    }

    @Test
    void droppedConnectionGivesNoResponseButTheKeysAreConsumed() throws Exception {
        List<String> ids = a.encKeys("sae-b", 2, 256).keyIds();
        faultsB().once(Fault.dropConnection());
        IOException e = assertThrows(IOException.class, () -> b.decKeys("sae-a", ids));
        assertFalse(e instanceof HttpTimeoutException, "closed, not timed out: " + e);
        EtsiClient.Response again = b.decKeys("sae-a", ids);
        assertEquals(400, again.status(), "the dropped dec_keys already delivered them");
        assertTrue(again.json().path("details").get(0).path("problem").asText().contains("already delivered"));

        faultsA().once(Fault.dropConnection());
        assertThrows(IOException.class, () -> a.encKeys("sae-b", 3, 256));
        assertEquals(1000 - 5, lab.net.storedKeyCount("sae-a", "sae-b"));
        assertEquals(3, lab.net.pendingKeyCount("sae-a", "sae-b"), "wait for the slave until retention ends");
    }

    @Test
    void corruptKeyIsInvalidBase64AndTheKeyIdsStillWork() throws Exception {
        faultsA().once(Fault.corruptKey());
        EtsiClient.Response enc = a.encKeys("sae-b", 2, 256);
        assertEquals(200, enc.status());
        for (String[] k : enc.keys()) {
            assertThrows(IllegalArgumentException.class, () -> Base64.getDecoder().decode(k[1]), k[1]);
        }
        EtsiClient.Response dec = b.decKeys("sae-a", enc.keyIds());
        assertEquals(200, dec.status());
        dec.keyBytes().forEach(k -> assertEquals(32, k.length));

        List<String> ids = a.encKeys("sae-b", 1, 256).keyIds();
        faultsB().once(Fault.corruptKey());
        assertThrows(IllegalArgumentException.class,
                () -> Base64.getDecoder().decode(b.decKeys("sae-a", ids).keys().get(0)[1]));
    }

    @Test
    void wrongKeyOnOneSideServesADifferentValidKey() throws Exception {
        EtsiClient.Response enc = a.encKeys("sae-b", 4, 256);
        faultsB().once(Fault.wrongKey());
        EtsiClient.Response dec = b.decKeys("sae-a", enc.keyIds());
        assertEquals(200, dec.status());
        assertEquals(enc.keyIds(), dec.keyIds());
        for (int i = 0; i < 4; i++) {
            assertEquals(32, dec.keyBytes().get(i).length);
            assertFalse(Arrays.equals(enc.keyBytes().get(i), dec.keyBytes().get(i)));
        }

        faultsA().once(Fault.wrongKey());
        EtsiClient.Response enc2 = a.encKeys("sae-b", 1, 256);
        EtsiClient.Response dec2 = b.decKeys("sae-a", enc2.keyIds());
        assertFalse(Arrays.equals(enc2.keyBytes().get(0), dec2.keyBytes().get(0)));
        EtsiClient.Response enc3 = a.encKeys("sae-b", 1, 256);
        assertArrayEquals(enc3.keyBytes().get(0), b.decKeys("sae-a", enc3.keyIds()).keyBytes().get(0));
    }

    @Test
    void exhaustedGives400LikeAnEmptyStore() throws Exception {
        faultsA().once(Fault.exhausted());
        assertEquals(200, a.get("sae-b/status").status(), "exhaustion shows on enc_keys only");
        EtsiClient.Response r = a.encKeys("sae-b", 2, 256);
        assertEquals(400, r.status());
        assertTrue(r.message().startsWith("keys exhausted: 2 keys of 256 bits need 2 stored keys"), r::toString);
        assertEquals(1000, lab.net.storedKeyCount("sae-a", "sae-b"));
        assertEquals(200, a.encKeys("sae-b", 2, 256).status());
    }
}
