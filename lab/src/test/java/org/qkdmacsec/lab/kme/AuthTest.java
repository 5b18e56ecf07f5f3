package org.qkdmacsec.lab.kme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.lab.pki.TestPki;

class AuthTest {
    @TempDir
    static Path dir;
    @TempDir
    static Path otherDir;
    static LabPair lab;

    @BeforeAll
    static void start() {
        lab = new LabPair(TestPki.create(dir), KeyPoolSpec.defaults());
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    @Test
    void anSaeAttachedElsewhereGets401WithAnEtsiBody() throws Exception {
        EtsiClient.Response r = lab.client("sae-b", "kme-a").encKeys("sae-a", 1, 256);
        assertEquals(401, r.status(), r::toString);
        assertEquals("application/json", r.contentType());
        assertEquals("SAE 'sae-b' is not attached to KME 'kme-a'", r.message());
        assertEquals(401, lab.client("sae-b", "kme-a").get("sae-a/status").status());
    }

    @Test
    void decKeysForAMasterThatNeverSharedKeysGets401() throws Exception {
        EtsiClient.Response r = lab.client("sae-b").decKeys("sae-c", List.of("6f1c1a7e-1111-4aaa-8bbb-123456789abc"));
        assertEquals(401, r.status(), r::toString);
        assertEquals("SAE 'sae-c' has never shared keys with SAE 'sae-b'", r.message());
    }

    @Test
    void aKeyOfAnotherPairGets401AndStaysForItsSlave() throws Exception {
        List<String> ids = lab.client("sae-a").encKeys("sae-b", 1, 256).keyIds();
        // sae-c shared keys with sae-a too, so the refusal is about this key, not the pair
        lab.client("sae-a").encKeys("sae-c", 1, 256);
        EtsiClient.Response stolen = lab.client("sae-c").decKeys("sae-a", ids);
        assertEquals(401, stolen.status(), stolen::toString);
        assertTrue(stolen.message().contains("was not shared by master SAE 'sae-a' with slave SAE 'sae-c'"),
                stolen::toString);
        assertEquals(200, lab.client("sae-b").decKeys("sae-a", ids).status());
    }

    @Test
    void certificatesOfAnotherCaAndAnonymousClientsFailTheHandshake() {
        TestPki other = TestPki.create(otherDir);
        URI api = lab.net.kme("kme-a").apiUri();
        EtsiClient foreign = new EtsiClient(api, other.clientContext(other.issueClient("sae-a")));
        assertThrows(IOException.class, () -> foreign.get("sae-b/status"));
        EtsiClient anonymous = new EtsiClient(api, lab.net.pki().trustOnlyContext());
        assertThrows(IOException.class, () -> anonymous.get("sae-b/status"));
        EtsiClient plain = new EtsiClient(URI.create(api.toString().replace("https:", "http:")), null);
        assertThrows(IOException.class, () -> plain.get("sae-b/status"));
    }
}
