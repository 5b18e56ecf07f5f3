package org.qkdmacsec.lab.kme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.lab.pki.TestPki;

/** Bad requests get 400 with a message and details naming every offending field; nothing is consumed. */
class ValidationTest {
    @TempDir
    static Path dir;
    static LabPair lab;
    static EtsiClient a;
    static EtsiClient b;

    @BeforeAll
    static void start() {
        lab = new LabPair(TestPki.create(dir), KeyPoolSpec.defaults().withKeysPerSecond(0), KmeSpec.mtls(),
                KmeSpec.mtls().withMaxKeyPerRequest(4).withKeySizes(128, 512));
        a = lab.client("sae-a");
        b = lab.client("sae-b");
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    /** "field: problem" for every detail of a 400. */
    static List<String> problems(EtsiClient.Response r) {
        assertEquals(400, r.status(), r::toString);
        assertTrue(!r.message().isBlank(), r::toString);
        List<String> out = new ArrayList<>();
        for (JsonNode d : r.json().path("details")) {
            out.add(d.path("field").asText() + ": " + d.path("problem").asText());
        }
        return out;
    }

    @Test
    void keySizeAndNumberAreCheckedAgainstTheLimitsAllAtOnce() throws Exception {
        int stored = lab.net.storedKeyCount("sae-a", "sae-b");
        assertEquals(List.of("number: must lie within 1 and max_key_per_request 128, got 129",
                "size: must be a multiple of 8, got 100"), problems(a.encKeys("sae-b", 129, 100)));
        assertEquals(List.of("size: must lie within min_key_size 64 and max_key_size 1024, got 2048"),
                problems(a.get("sae-b/enc_keys?size=2048")));
        assertEquals(List.of("number: must lie within 1 and max_key_per_request 128, got 0"),
                problems(a.get("sae-b/enc_keys?number=0")));
        // kme-b has its own limits
        assertEquals(List.of("number: must lie within 1 and max_key_per_request 4, got 5",
                "size: must lie within min_key_size 128 and max_key_size 512, got 64"),
                problems(b.encKeys("sae-a", 5, 64)));
        assertEquals(stored, lab.net.storedKeyCount("sae-a", "sae-b"), "refused requests take nothing");
    }

    @Test
    void queryParametersMustBeKnownIntegersGivenOnce() throws Exception {
        assertEquals(List.of("number: not an integer: 'eight'"), problems(a.get("sae-b/enc_keys?number=eight")));
        assertEquals(List.of("key_size: unknown parameter for GET enc_keys (allowed: [number, size])"),
                problems(a.get("sae-b/enc_keys?key_size=256")));
        assertEquals(List.of("number: given more than once"), problems(a.get("sae-b/enc_keys?number=1&number=2")));
        assertEquals(List.of("key_ID: missing"), problems(b.get("sae-a/dec_keys")));
    }

    @Test
    void postBodiesAreReadStrictly() throws Exception {
        assertEquals(List.of("numbr: unknown field (known: [additional_slave_SAE_IDs, extension_mandatory, "
                + "extension_optional, number, size])"), problems(a.post("sae-b/enc_keys", "{\"numbr\":2}")));
        List<String> wrongType = problems(a.post("sae-b/enc_keys", "{\"number\":\"2\"}"));
        assertTrue(wrongType.size() == 1 && wrongType.get(0).startsWith("number: "), wrongType::toString);
        assertTrue(problems(a.post("sae-b/enc_keys", "{\"number\":2.5}")).get(0).startsWith("number: "));
        assertTrue(problems(a.post("sae-b/enc_keys", "{\"number\":")).get(0).startsWith("body: "));
        assertEquals(List.of("body: empty"), problems(a.post("sae-b/enc_keys", "")));
        assertEquals(List.of("additional_slave_SAE_IDs: not supported: max_SAE_ID_count is 0",
                "extension_mandatory: no extension is supported"),
                problems(a.post("sae-b/enc_keys", "{\"additional_slave_SAE_IDs\":[\"sae-c\"],"
                        + "\"extension_mandatory\":[{\"x\":1}],\"extension_optional\":[{\"y\":2}]}")));
        assertEquals(200, a.post("sae-b/enc_keys", "{\"extension_optional\":[{\"y\":2}]}").status(),
                "optional extensions may be ignored");
    }

    @Test
    void pathSaesMustExistAndDiffer() throws Exception {
        assertEquals(List.of("slave_SAE_ID: not an SAE of this network"), problems(a.get("sae-x/status")));
        assertEquals(List.of("slave_SAE_ID: same as the calling SAE"), problems(a.encKeys("sae-a", 1, 256)));
        assertEquals(List.of("master_SAE_ID: not an SAE of this network"),
                problems(b.decKeys("nobody", List.of("k"))));
    }

    @Test
    void decKeysIsAllOrNothing() throws Exception {
        List<String> ids = a.encKeys("sae-b", 2, 256).keyIds();
        List<String> asked = List.of(ids.get(0), "00000000-0000-4000-8000-000000000000", ids.get(1), ids.get(0));
        assertEquals(List.of("key_IDs[3].key_ID: key_ID " + ids.get(0) + " is repeated"),
                problems(b.decKeys("sae-a", asked)));
        assertEquals(List.of("key_IDs[1].key_ID: key_ID 00000000-0000-4000-8000-000000000000 is unknown"),
                problems(b.decKeys("sae-a", asked.subList(0, 3))));
        assertEquals(2, lab.net.pendingKeyCount("sae-a", "sae-b"), "nothing was handed out");
        assertEquals(List.of("key_IDs: at least one key_ID is required"), problems(b.post("sae-a/dec_keys", "{\"key_IDs\":[]}")));
        assertEquals(List.of("key_IDs: missing"), problems(b.post("sae-a/dec_keys", "{}")));
        assertEquals(200, b.decKeys("sae-a", ids).status());
    }

    @Test
    void decKeysCountIsLimitedByMaxKeyPerRequest() throws Exception {
        List<String> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add("00000000-0000-4000-8000-00000000000" + i);
        }
        EtsiClient.Response r = lab.client("sae-a", "kme-a").encKeys("sae-b", 1, 256); // so sae-a shared with sae-b
        assertEquals(200, r.status());
        assertEquals(List.of("key_IDs: 5 key_IDs exceed max_key_per_request 4"),
                problems(b.decKeys("sae-a", five)));
    }

    @Test
    void theBuilderReportsEveryProblemOfTheDescription() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KmeNetwork
                .builder(Clock.systemUTC())
                .kme("kme-a", KmeSpec.mtls().withKeySizes(100, 64))
                .kme("kme-a", KmeSpec.insecure())
                .sae("sae-a", "kme-z").sae("../x", "kme-a").sae("kme-a", "kme-a")
                .pool(KeyPoolSpec.defaults().withInitialKeys(5000))
                .build());
        String m = e.getMessage();
        for (String expected : List.of("KME 'kme-a' is defined twice", "SAE ID '../x' must be",
                "SAE 'sae-a' is attached to unknown KME 'kme-z'", "'kme-a' names both an SAE and a KME",
                "pool: initial_keys 5000 must lie within 0 and max_key_count 1000")) {
            assertTrue(m.contains(expected), expected + " missing from: " + m);
        }
        IllegalArgumentException noPki = assertThrows(IllegalArgumentException.class,
                () -> KmeNetwork.builder(Clock.systemUTC()).kme("kme-a").sae("sae-a", "kme-a").build());
        assertTrue(noPki.getMessage().contains("mTLS KMEs need a PKI"), noPki.getMessage());
    }
}
