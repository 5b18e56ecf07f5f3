package org.qkdmacsec.lab.junos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkdmacsec.lab.junos.JunosFixtures.CAK0;
import static org.qkdmacsec.lab.junos.JunosFixtures.CAK1;
import static org.qkdmacsec.lab.junos.JunosFixtures.CAK2;
import static org.qkdmacsec.lab.junos.JunosFixtures.CKN0;
import static org.qkdmacsec.lab.junos.JunosFixtures.CKN1;
import static org.qkdmacsec.lab.junos.JunosFixtures.CKN2;
import static org.qkdmacsec.lab.junos.JunosFixtures.T;
import static org.qkdmacsec.lab.junos.JunosFixtures.USER;
import static org.qkdmacsec.lab.junos.JunosFixtures.PASSWORD;
import static org.qkdmacsec.lab.junos.JunosFixtures.ZURICH;
import static org.qkdmacsec.lab.junos.JunosFixtures.all;
import static org.qkdmacsec.lab.junos.JunosFixtures.connect;
import static org.qkdmacsec.lab.junos.JunosFixtures.errors;
import static org.qkdmacsec.lab.junos.JunosFixtures.has;
import static org.qkdmacsec.lab.junos.JunosFixtures.key;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.qkdmacsec.lab.mka.ActiveSpan;
import org.qkdmacsec.lab.mka.MkaLinkModel;
import org.qkdmacsec.lab.mka.Side;
import org.qkdmacsec.lab.models.VendorModels;
import org.qkdmacsec.lab.time.ManualClock;
import org.w3c.dom.Document;

/**
 * One change for two ports of a router, as a controller batching links sends it: lock, one
 * {@code <load-configuration>} carrying both key chains, one confirmed commit, one confirming commit. Both
 * links' MKA models see their new key from the same commit.
 */
@Timeout(120)
class JunosMultiPortTest {
    static final String CKN0B = "b0".repeat(32);
    private final ManualClock clock = new ManualClock(T);

    /** et-0/0/0 on CA1/QKD_CA1 and et-0/0/1 on CA2/QKD_CA2, each with key 0 started long ago. */
    static String twoPorts() {
        return "<configuration><security><authentication-key-chains>"
                + "<key-chain><name>QKD_CA1</name>" + key(0, CKN0, CAK0, "2026-01-01.00:00:00") + "</key-chain>"
                + "<key-chain><name>QKD_CA2</name>" + key(0, CKN0B, CAK0, "2026-01-01.00:00:00") + "</key-chain>"
                + "</authentication-key-chains><macsec>" + ca("CA1", "QKD_CA1") + ca("CA2", "QKD_CA2")
                + "<interfaces><name>et-0/0/0</name><connectivity-association>CA1</connectivity-association></interfaces>"
                + "<interfaces><name>et-0/0/1</name><connectivity-association>CA2</connectivity-association></interfaces>"
                + "</macsec></security></configuration>";
    }

    private static String ca(String name, String chain) {
        return "<connectivity-association><name>" + name + "</name><cipher-suite>gcm-aes-xpn-256</cipher-suite><security-mode>"
                + "static-cak</security-mode><pre-shared-key-chain>" + chain + "</pre-shared-key-chain></connectivity-association>";
    }

    /** Key 1 in both chains, starting 14:05 device-local (T + 5 min), in one request. */
    static String loadBoth() {
        return "<load-configuration action=\"merge\" format=\"xml\"><configuration><security><authentication-key-chains>"
                + "<key-chain><name>QKD_CA1</name>" + key(1, CKN1, CAK1, "2026-07-10.14:05:00") + "</key-chain>"
                + "<key-chain><name>QKD_CA2</name>" + key(1, CKN2, CAK2, "2026-07-10.14:05:00") + "</key-chain>"
                + "</authentication-key-chains></security></configuration></load-configuration>";
    }

    private JunosSimulator router(String name) throws Exception {
        return JunosSimulator.builder().hostName(name).user(USER, PASSWORD).clock(clock).timeZone(ZURICH)
                .initialConfiguration(twoPorts()).start();
    }

    @Test
    void oneLoadOneConfirmedCommitAndOneConfirmKeyTwoLinksHitlessly() throws Exception {
        MkaLinkModel first = new MkaLinkModel(clock);
        MkaLinkModel second = new MkaLinkModel(clock);
        try (JunosSimulator r1 = router("r1"); JunosSimulator r2 = router("r2")) {
            r1.attach("et-0/0/0", first.a());
            r2.attach("et-0/0/0", first.b());
            r1.attach("et-0/0/1", second.a());
            r2.attach("et-0/0/1", second.b());
            for (JunosSimulator r : List.of(r1, r2)) {
                try (NetconfTestClient c = connect(r)) {
                    assertTrue(has(c.rpc("<lock><target><candidate/></target></lock>"), "ok"));
                    assertTrue(has(c.rpc(loadBoth()), "ok"));
                    assertTrue(has(c.rpc("<commit-configuration><confirmed/><confirm-timeout>2</confirm-timeout>"
                            + "</commit-configuration>"), "commit-success"));
                    assertTrue(has(c.rpc("<unlock><target><candidate/></target></unlock>"), "ok"));
                    assertTrue(r.pendingRollbackDeadline().isPresent());
                    clock.advance(Duration.ofSeconds(30));
                    assertTrue(has(c.rpc("<lock><target><candidate/></target></lock>"), "ok"));
                    assertTrue(has(c.rpc("<commit-configuration/>"), "commit-success"));
                    assertTrue(has(c.rpc("<unlock><target><candidate/></target></unlock>"), "ok"));
                    assertEquals(Optional.empty(), r.pendingRollbackDeadline(), "one confirm covers both ports");
                    Document keys = c.rpc("<get-configuration database=\"committed\"><configuration><security>"
                            + "<authentication-key-chains/></security></configuration></get-configuration>");
                    assertEquals(List.of(CKN0, CKN1, CKN0B, CKN2), all(keys, "key-name"));
                }
            }
            clock.advance(Duration.ofMinutes(10)); // past both confirm windows and the start-time
            for (MkaLinkModel link : List.of(first, second)) {
                assertTrue(link.outages(T.plusSeconds(2), clock.instant()).hitless(), link.toString());
            }
            assertEquals(List.of(Optional.of(CKN0), Optional.of(CKN1)), cknsOf(first));
            assertEquals(List.of(Optional.of(CKN0B), Optional.of(CKN2)), cknsOf(second));
            assertEquals(T.plusSeconds(300), first.activeKeys(Side.A, T.plusSeconds(2), clock.instant()).get(1).from());
            assertEquals(T.plusSeconds(300), second.activeKeys(Side.A, T.plusSeconds(2), clock.instant()).get(1).from());
        }
    }

    private List<Optional<String>> cknsOf(MkaLinkModel link) {
        return link.activeKeys(Side.A, T.plusSeconds(2), clock.instant()).stream().map(ActiveSpan::ckn)
                .map(o -> o.map(s -> s.toLowerCase(java.util.Locale.ROOT))).toList();
    }

    @Test
    void junipersModelAcceptsTheTwoChainLoad() {
        VendorModels.Verdict v = VendorModels.locate().check(VendorModels.Release.JUNOS_24_4R1, loadBoth());
        assertTrue(v.accepted(), v.toString());
    }

    @Test
    void aLoadRefusedForOnePortLeavesTheOtherInTheCandidateUntilDiscarded() throws Exception {
        try (JunosSimulator r1 = router("r1"); NetconfTestClient c = connect(r1)) {
            String before = r1.committedConfigurationXml();
            r1.faults().refuseLoadOf("QKD_CA2", "key chain QKD_CA2: refused by test");
            assertTrue(has(c.rpc("<lock><target><candidate/></target></lock>"), "ok"));
            Document refused = c.rpc(loadBoth());
            assertEquals(List.of("key chain QKD_CA2: refused by test"), errors(refused, "error"));
            assertEquals(List.of("1"), all(refused, "load-error-count"));
            // Junos: after a load with errors the candidate "must be restored to a valid state": here the
            // other port's key is in it, and discard-changes is what removes it.
            String candidate = String.join(",", all(c.rpc("<get-configuration database=\"candidate\"><configuration><security>"
                    + "<authentication-key-chains/></security></configuration></get-configuration>"), "key-name"));
            assertTrue(candidate.contains(CKN1) && !candidate.contains(CKN2), candidate);
            assertTrue(has(c.rpc("<discard-changes/>"), "ok"));
            assertTrue(has(c.rpc("<unlock><target><candidate/></target></unlock>"), "ok"));
            assertFalse(String.join(",", all(c.rpc("<get-configuration database=\"candidate\"><configuration><security>"
                    + "<authentication-key-chains/></security></configuration></get-configuration>"), "key-name")).contains(CKN1));
            assertEquals(before, r1.committedConfigurationXml());
            // one shot: the same load goes through now
            assertTrue(has(c.rpc(loadBoth()), "ok"));
            assertTrue(has(c.rpc("<discard-changes/>"), "ok"));
        }
    }
}
