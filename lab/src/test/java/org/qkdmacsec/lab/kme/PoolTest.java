package org.qkdmacsec.lab.kme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.lab.pki.TestPki;

/** Key generation, exhaustion and retention, on a ManualClock through the real HTTPS endpoints. */
class PoolTest {
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(dir);
    }

    @Test
    void keysAreGeneratedAtTheRateUpToCapacityAndExhaustionIsA400() throws Exception {
        KeyPoolSpec pool = KeyPoolSpec.defaults().withMaxKeyCount(10).withInitialKeys(0).withKeysPerSecond(2);
        try (LabPair lab = new LabPair(pki, pool)) {
            EtsiClient a = lab.client("sae-a");
            assertEquals(0, a.get("sae-b/status").json().path("stored_key_count").asInt());
            EtsiClient.Response empty = a.encKeys("sae-b", 1, 256);
            assertEquals(400, empty.status());
            assertTrue(empty.message().startsWith("keys exhausted: 1 keys of 256 bits need 1 stored keys, 0 stored"),
                    empty::toString);

            lab.clock.advance(Duration.ofMillis(1500));
            assertEquals(3, a.get("sae-b/status").json().path("stored_key_count").asInt());
            assertEquals(400, a.encKeys("sae-b", 2, 512).status(), "two 512-bit keys need 4 stored keys");
            assertEquals(3, lab.net.storedKeyCount("sae-a", "sae-b"), "a refused request takes nothing");
            assertEquals(200, a.encKeys("sae-b", 3, 256).status());
            assertEquals(0, lab.net.storedKeyCount("sae-a", "sae-b"));

            lab.clock.advance(Duration.ofMillis(500));
            assertEquals(1, lab.net.storedKeyCount("sae-a", "sae-b"), "the half key of before is not lost");
            lab.clock.advance(Duration.ofHours(1));
            assertEquals(10, lab.net.storedKeyCount("sae-a", "sae-b"), "capped at max_key_count");
            lab.clock.advance(Duration.ofMillis(400));
            assertEquals(200, a.encKeys("sae-b", 10, 256).status());
            assertEquals(0, lab.net.storedKeyCount("sae-a", "sae-b"), "a full store banks nothing");
            assertEquals(10, lab.net.storedKeyCount("sae-b", "sae-a"), "each direction has its own store");
        }
    }

    @Test
    void aKeyTheSlaveNeverFetchesExpiresAfterTheRetention() throws Exception {
        try (LabPair lab = new LabPair(pki, KeyPoolSpec.defaults().withRetention(Duration.ofMinutes(2)))) {
            List<String> ids = lab.client("sae-a").encKeys("sae-b", 2, 256).keyIds();
            lab.clock.advance(Duration.ofSeconds(119));
            assertEquals(200, lab.client("sae-b").get("sae-a/dec_keys?key_ID=" + ids.get(0)).status());
            lab.clock.advance(Duration.ofSeconds(1));
            assertEquals(0, lab.net.pendingKeyCount("sae-a", "sae-b"));
            EtsiClient.Response late = lab.client("sae-b").decKeys("sae-a", List.of(ids.get(1)));
            assertEquals(400, late.status());
            String problem = late.json().path("details").get(0).path("problem").asText();
            assertTrue(problem.contains("expired at 2026-07-10T12:02:00Z (retention PT2M)"), problem);
        }
    }
}
