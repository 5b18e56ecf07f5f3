package org.qkdmacsec.lab.kme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.lab.time.ManualClock;

/** Plain-HTTP KMEs: the insecure ETSI mode and the quPSKd-compatible mode. */
class ModesTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-07-10T12:00:00Z"));

    @Test
    void insecureKmesServeEtsiOverPlainHttpAndInferTheCaller() throws Exception {
        try (KmeNetwork net = KmeNetwork.builder(clock)
                .kme("kme-a", KmeSpec.insecure()).kme("kme-b", KmeSpec.insecure())
                .sae("sae-a", "kme-a").sae("sae-b", "kme-b").build().start()) {
            assertEquals("http", net.kme("kme-a").uri().getScheme());
            EtsiClient a = new EtsiClient(net.kme("kme-a").apiUri(), null);
            EtsiClient b = new EtsiClient(net.kme("kme-b").apiUri(), null);
            assertEquals("sae-a", a.get("sae-b/status").json().path("master_SAE_ID").asText());
            EtsiClient.Response enc = a.encKeys("sae-b", 8, 256);
            assertEquals(200, enc.status(), enc::toString);
            EtsiClient.Response dec = b.decKeys("sae-a", enc.keyIds());
            assertEquals(200, dec.status(), dec::toString);
            for (int i = 0; i < 8; i++) {
                assertArrayEquals(enc.keyBytes().get(i), dec.keyBytes().get(i));
            }
            assertEquals(400, b.decKeys("sae-a", enc.keyIds()).status(), "deleted once delivered");
        }
    }

    @Test
    void anInsecureKmeWithSeveralPossibleCallersRefuses() throws Exception {
        try (KmeNetwork net = KmeNetwork.builder(clock)
                .kme("kme-a", KmeSpec.insecure()).kme("kme-b", KmeSpec.insecure())
                .sae("sae-a", "kme-a").sae("sae-c", "kme-a").sae("sae-b", "kme-b").build().start()) {
            EtsiClient a = new EtsiClient(net.kme("kme-a").apiUri(), null);
            EtsiClient.Response r = a.encKeys("sae-b", 1, 256);
            assertEquals(401, r.status());
            assertEquals("plain-HTTP KME 'kme-a' cannot tell which SAE is calling: candidates [sae-a, sae-c] "
                    + "(attach exactly one SAE besides the peer)", r.message());
            // between the two SAEs of kme-a the path names the peer, so the caller is clear
            EtsiClient.Response toC = a.encKeys("sae-c", 1, 256);
            assertEquals(200, toC.status());
            assertEquals(200, a.decKeys("sae-a", toC.keyIds()).status());
        }
    }

    @Test
    void qupskdModeBehavesLikeTheQupskdSimulator() throws Exception {
        try (KmeNetwork net = KmeNetwork.builder(clock)
                .kme("kme-a", KmeSpec.qupskd()).kme("kme-b", KmeSpec.qupskd())
                .sae("sae-a", "kme-a").sae("sae-b", "kme-b").build().start()) {
            EtsiClient a = new EtsiClient(net.kme("kme-a").apiUri(), null);
            EtsiClient b = new EtsiClient(net.kme("kme-b").apiUri(), null);
            EtsiClient.Response enc = a.get("sae-b/enc_keys?number=4&size=256");
            assertEquals(200, enc.status());
            assertEquals(1, enc.keys().size(), "one key whatever number says");
            String id = enc.keyIds().get(0);
            byte[] expected = MessageDigest.getInstance("SHA3-256").digest(id.getBytes(StandardCharsets.UTF_8));
            assertArrayEquals(expected, enc.keyBytes().get(0));
            for (int i = 0; i < 2; i++) { // nothing is deleted
                EtsiClient.Response dec = b.get("sae-a/dec_keys?key_ID=" + id);
                assertEquals(200, dec.status());
                assertEquals(List.of(id), dec.keyIds());
                assertArrayEquals(expected, dec.keyBytes().get(0));
            }
            EtsiClient.Response status = a.get("sae-b/status"); // handle_keys serves every path under /api/v1/keys/
            assertEquals(200, status.status());
            assertEquals(1, status.keys().size(), "a Key container, not a Status");
            assertEquals(32, status.keyBytes().get(0).length);
            assertEquals(200, a.get("sae-b/anything").status());
            assertEquals(404, a.get("/other").status());
            EtsiClient.Response post = a.post("sae-b/enc_keys", "{\"number\":1}");
            assertEquals(501, post.status());
            assertTrue(post.body().contains("Unsupported method ('POST')"), post.body());
            EtsiClient.Response sized = a.get("sae-b/enc_keys?size=128");
            assertEquals(32, sized.keyBytes().get(0).length, "SHA3-256: 256 bits whatever size asks");
            EtsiClient.Response noId = b.get("sae-a/dec_keys");
            assertEquals(400, noId.status());
            assertEquals("key_ID parameter is required", noId.body());
        }
    }
}
