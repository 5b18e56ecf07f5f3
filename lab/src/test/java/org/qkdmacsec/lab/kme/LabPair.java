package org.qkdmacsec.lab.kme;

import java.time.Instant;
import org.qkdmacsec.lab.pki.TestPki;
import org.qkdmacsec.lab.time.ManualClock;

/**
 * The usual test network on a ManualClock: kme-a with sae-a and sae-c, kme-b with sae-b, all mTLS.
 * sae-c gives the tests a second SAE that shares no keys with sae-b unless asked to.
 */
final class LabPair implements AutoCloseable {
    final ManualClock clock = new ManualClock(Instant.parse("2026-07-10T12:00:00Z"));
    final KmeNetwork net;

    LabPair(TestPki pki, KeyPoolSpec pool) {
        this(pki, pool, KmeSpec.mtls(), KmeSpec.mtls());
    }

    LabPair(TestPki pki, KeyPoolSpec pool, KmeSpec a, KmeSpec b) {
        net = KmeNetwork.builder(clock).pki(pki).kme("kme-a", a).kme("kme-b", b)
                .sae("sae-a", "kme-a").sae("sae-c", "kme-a").sae("sae-b", "kme-b")
                .pool(pool).build().start();
    }

    /** sae's client at the KME it is attached to. */
    EtsiClient client(String sae) {
        return new EtsiClient(net.kmeOf(sae).apiUri(), net.clientContext(sae));
    }

    /** sae's client at any KME (for calls to the wrong one). */
    EtsiClient client(String sae, String kme) {
        return new EtsiClient(net.kme(kme).apiUri(), net.clientContext(sae));
    }

    @Override
    public void close() {
        net.close();
    }
}
