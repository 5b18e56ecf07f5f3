package org.qkdmacsec.lab.kme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.lab.pki.TestPki;

/** Each published KME's deviation, as the lab KMEs show it when told to (from the spec or at run time). */
class QuirksTest {
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(dir.resolve("pki"));
    }

    private static LabPair pair(KmeSpec a) {
        return new LabPair(pki, KeyPoolSpec.defaults().withMaxKeyCount(10).withKeysPerSecond(0), a, KmeSpec.mtls());
    }

    @Test
    void aStatusThatIsAKeyContainerAsQupskdsSimulatorAnswersIt() throws Exception {
        try (LabPair lab = pair(KmeSpec.mtls().withQuirks(KmeQuirk.STATUS_KEY_CONTAINER))) {
            EtsiClient.Response r = lab.client("sae-a").get("sae-b/status");
            assertEquals(200, r.status());
            assertEquals(1, r.keys().size());
            assertFalse(r.json().has("stored_key_count"));
            assertEquals(10, lab.net.storedKeyCount("sae-a", "sae-b"), "nothing is taken from the store");
        }
    }

    @Test
    void storedKeyCountCountsReservedKeysAsNextDoorDoes() throws Exception {
        try (LabPair lab = pair(KmeSpec.mtls().withQuirks(KmeQuirk.STATUS_COUNTS_RESERVED))) {
            EtsiClient a = lab.client("sae-a");
            assertEquals(0, a.get("sae-b/status").json().path("stored_key_count").asInt(), "10 keys ready, 0 reserved");
            List<String> ids = a.encKeys("sae-b", 2, 256).keyIds();
            assertEquals(2, a.get("sae-b/status").json().path("stored_key_count").asInt(), "2 reserved for sae-b");
            lab.client("sae-b").decKeys("sae-a", ids);
            assertEquals(0, a.get("sae-b/status").json().path("stored_key_count").asInt());
        }
    }

    @Test
    void moreKeysThanGeneratedIsTryAgainLaterAndNothingIsHandedOut() throws Exception {
        try (LabPair lab = pair(KmeSpec.mtls().withQuirks(KmeQuirk.TRY_AGAIN_LATER))) {
            EtsiClient.Response r = lab.client("sae-a").encKeys("sae-b", 11, 256);
            assertEquals(400, r.status());
            assertEquals("The requested key amount exceeds the generated key count. Try again later.", r.message());
            assertEquals(10, lab.net.storedKeyCount("sae-a", "sae-b"));
            assertEquals(0, lab.net.pendingKeyCount("sae-a", "sae-b"));
        }
    }

    @Test
    void postOnlyRefusesAGetWithFlasks415() throws Exception {
        try (LabPair lab = pair(KmeSpec.mtls().withQuirks(KmeQuirk.POST_ONLY))) {
            EtsiClient.Response get = lab.client("sae-a").get("sae-b/enc_keys?number=1");
            assertEquals(415, get.status());
            assertTrue(get.body().contains("Unsupported Media Type"), get.body());
            assertEquals(200, lab.client("sae-a").encKeys("sae-b", 1, 256).status());
            assertEquals(200, lab.client("sae-a").get("sae-b/status").status(), "status stays a GET");
        }
    }

    @Test
    void sizeInBytesAndFixedKeysGiveLongerKeysThanAsked() throws Exception {
        try (LabPair lab = pair(KmeSpec.mtls().withQuirks(KmeQuirk.SIZE_IN_BYTES))) {
            assertEquals(256, lab.client("sae-a").encKeys("sae-b", 1, 256).keyBytes().get(0).length, "256 read as bytes");
            assertEquals(9, lab.net.storedKeyCount("sae-a", "sae-b"), "one generated key each, as next-door pops one");
        }
        try (LabPair lab = pair(KmeSpec.mtls().withQuirks(KmeQuirk.FIXED_256_BIT_KEYS))) {
            assertEquals(32, lab.client("sae-a").encKeys("sae-b", 1, 128).keyBytes().get(0).length);
        }
    }

    @Test
    void aCertificateWithoutSubjectAltNameIsShownWhileTheQuirkIsOn() throws Exception {
        try (LabPair lab = pair(KmeSpec.mtls())) {
            assertEquals(200, lab.client("sae-a").get("sae-b/status").status());
            lab.net.kme("kme-a").quirks().add(KmeQuirk.NO_SUBJECT_ALT_NAME);
            IOException e = assertThrows(IOException.class, () -> lab.client("sae-a").get("sae-b/status"));
            assertTrue(e instanceof SSLHandshakeException || e.getCause() instanceof SSLHandshakeException, e.toString());
            lab.net.kme("kme-a").quirks().reset();
            assertEquals(200, lab.client("sae-a").get("sae-b/status").status());
        }
    }

    @Test
    void theNextDoorPresetAndTheRequestCounts() throws Exception {
        assertEquals(Set.of(KmeQuirk.STATUS_COUNTS_RESERVED, KmeQuirk.TRY_AGAIN_LATER, KmeQuirk.POST_ONLY,
                KmeQuirk.SIZE_IN_BYTES, KmeQuirk.NO_SUBJECT_ALT_NAME), KmeSpec.nextDoor().quirks());
        try (LabPair lab = pair(KmeSpec.mtls())) {
            lab.client("sae-a").encKeys("sae-b", 1, 256);
            lab.client("sae-a").get("sae-b/status");
            assertEquals(1, lab.net.kme("kme-a").requests().of(KmeEndpoint.ENC_KEYS));
            assertEquals(1, lab.net.kme("kme-a").requests().of(KmeEndpoint.STATUS));
        }
    }
}
