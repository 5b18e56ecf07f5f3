package org.qkdmacsec.lab.kme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.lab.pki.TestPki;

class EtsiFlowTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    LabPair lab;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(dir);
    }

    @BeforeEach
    void start() {
        lab = new LabPair(pki, KeyPoolSpec.defaults().withKeysPerSecond(0));
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    @Test
    void eightKeysFromEncKeysAtAAreServedOnceByDecKeysAtB() throws Exception {
        EtsiClient a = lab.client("sae-a");
        EtsiClient b = lab.client("sae-b");
        EtsiClient.Response enc = a.encKeys("sae-b", 8, 256);
        assertEquals(200, enc.status(), enc::toString);
        assertEquals("application/json", enc.contentType());
        List<String> ids = enc.keyIds();
        assertEquals(8, ids.size());
        assertEquals(8, new HashSet<>(ids).size(), "key_IDs are unique");
        ids.forEach(id -> assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), id));
        enc.keyBytes().forEach(k -> assertEquals(32, k.length));
        assertEquals(992, lab.net.storedKeyCount("sae-a", "sae-b"));
        assertEquals(8, lab.net.pendingKeyCount("sae-a", "sae-b"));

        EtsiClient.Response dec = b.decKeys("sae-a", ids);
        assertEquals(200, dec.status(), dec::toString);
        assertEquals(ids, dec.keyIds());
        for (int i = 0; i < 8; i++) {
            assertArrayEquals(enc.keyBytes().get(i), dec.keyBytes().get(i));
        }
        assertEquals(0, lab.net.pendingKeyCount("sae-a", "sae-b"));

        EtsiClient.Response again = b.get("sae-a/dec_keys?key_ID=" + ids.get(0));
        assertEquals(400, again.status());
        assertTrue(again.json().path("details").get(0).path("problem").asText().contains("already delivered"),
                again::toString);
    }

    @Test
    void getFormsOfEncKeysAndDecKeys() throws Exception {
        EtsiClient.Response enc = lab.client("sae-a").get("sae-b/enc_keys?number=2&size=512");
        assertEquals(200, enc.status(), enc::toString);
        assertEquals(2, enc.keys().size());
        enc.keyBytes().forEach(k -> assertEquals(64, k.length));
        assertEquals(1000 - 4, lab.net.storedKeyCount("sae-a", "sae-b"), "a 512-bit key costs two 256-bit keys");

        EtsiClient.Response one = lab.client("sae-a").get("sae-b/enc_keys");
        assertEquals(1, one.keys().size());
        assertEquals(32, one.keyBytes().get(0).length, "defaults: number 1, size key_size");

        EtsiClient.Response dec = lab.client("sae-b").get("sae-a/dec_keys?key_ID=" + enc.keyIds().get(1));
        assertEquals(200, dec.status(), dec::toString);
        assertArrayEquals(enc.keyBytes().get(1), dec.keyBytes().get(0));
    }

    @Test
    void statusReportsThePairAndTheLimits() throws Exception {
        lab.client("sae-a").encKeys("sae-b", 3, 256);
        EtsiClient.Response r = lab.client("sae-a").get("sae-b/status");
        assertEquals(200, r.status(), r::toString);
        JsonNode s = r.json();
        assertEquals("kme-a", s.path("source_KME_ID").asText());
        assertEquals("kme-b", s.path("target_KME_ID").asText());
        assertEquals("sae-a", s.path("master_SAE_ID").asText());
        assertEquals("sae-b", s.path("slave_SAE_ID").asText());
        assertEquals(256, s.path("key_size").asInt());
        assertEquals(997, s.path("stored_key_count").asInt());
        assertEquals(1000, s.path("max_key_count").asInt());
        assertEquals(128, s.path("max_key_per_request").asInt());
        assertEquals(1024, s.path("max_key_size").asInt());
        assertEquals(64, s.path("min_key_size").asInt());
        assertEquals(0, s.path("max_SAE_ID_count").asInt());
        Set<String> fields = new HashSet<>();
        s.fieldNames().forEachRemaining(fields::add);
        assertEquals(Set.of("source_KME_ID", "target_KME_ID", "master_SAE_ID", "slave_SAE_ID", "key_size",
                "stored_key_count", "max_key_count", "max_key_per_request", "max_key_size", "min_key_size",
                "max_SAE_ID_count"), fields);
        // the reverse pair has its own store
        assertEquals(1000, lab.client("sae-b").get("sae-a/status").json().path("stored_key_count").asInt());
    }

    @Test
    void unknownResourcesAndMethodsGetEtsiErrors() throws Exception {
        EtsiClient a = lab.client("sae-a");
        EtsiClient.Response notFound = a.get("sae-b/keys");
        assertEquals(404, notFound.status());
        assertTrue(notFound.message().contains("no such resource"), notFound::toString);
        EtsiClient.Response method = a.send("DELETE", "sae-b/enc_keys");
        assertEquals(405, method.status());
        assertTrue(method.message().contains("DELETE is not allowed"), method::toString);
        assertEquals(405, a.post("sae-b/status", "{}").status());
    }

    @Test
    void aStoppedKmeRefusesConnectionsAndRestartsWithItsKeysIntact() throws Exception {
        List<String> ids = lab.client("sae-a").encKeys("sae-b", 1, 256).keyIds();
        Kme b = lab.net.kme("kme-b");
        EtsiClient before = lab.client("sae-b");
        b.stop();
        assertFalse(b.running());
        assertThrows(java.net.ConnectException.class, () -> before.decKeys("sae-a", ids));
        lab.net.start();
        assertEquals(200, lab.client("sae-b").decKeys("sae-a", ids).status());
    }

    @Test
    void theSameSaeMayTalkToManyPeersThroughOneKme() throws Exception {
        EtsiClient c = lab.client("sae-c");
        EtsiClient.Response enc = c.encKeys("sae-a", 1, 256);
        assertEquals(200, enc.status(), enc::toString);
        EtsiClient.Response dec = lab.client("sae-a").decKeys("sae-c", enc.keyIds());
        assertEquals(200, dec.status(), dec::toString);
        assertArrayEquals(enc.keyBytes().get(0), dec.keyBytes().get(0));
    }
}
