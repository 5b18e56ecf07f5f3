package org.qkdmacsec.lab.junos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkdmacsec.lab.junos.JunosFixtures.CAK1;
import static org.qkdmacsec.lab.junos.JunosFixtures.CKN1;
import static org.qkdmacsec.lab.junos.JunosFixtures.PASSWORD;
import static org.qkdmacsec.lab.junos.JunosFixtures.USER;
import static org.qkdmacsec.lab.junos.JunosFixtures.has;
import static org.qkdmacsec.lab.junos.JunosFixtures.key;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.qkdmacsec.lab.mka.MkaLinkModel;
import org.qkdmacsec.lab.mka.PortFeed;
import org.qkdmacsec.lab.mka.Side;

/** On a system clock the poller applies an unconfirmed commit's rollback with nobody asking. */
@Timeout(120)
class RollbackPollerTest {
    @Test
    void pollerRollsBackWithoutAnyAccessAndStampsTheDeadline() throws Exception {
        Clock clock = Clock.systemUTC();
        MkaLinkModel link = new MkaLinkModel(clock);
        try (JunosSimulator sim = JunosSimulator.builder().hostName("r1").user(USER, PASSWORD).clock(clock)
                .initialConfiguration(JunosFixtures.initialConfiguration()).rollbackPollInterval(Duration.ofMillis(100)).start()) {
            sim.attach("et-0/0/0", link.a());
            try (NetconfTestClient c = NetconfTestClient.connect(sim, USER, PASSWORD, true)) {
                c.rpc("<lock><target><candidate/></target></lock>");
                c.rpc(JunosFixtures.loadKeys(key(1, CKN1, CAK1, "2030-01-01.00:00")));
                assertTrue(has(c.rpc("<commit><confirmed/><confirm-timeout>1</confirm-timeout></commit>"), "ok"));
            }
            // link.feeds() runs no device hook: only the poller can add the rollback feed
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (link.feeds(Side.A).size() < 3 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            List<PortFeed> feeds = link.feeds(Side.A);
            assertEquals(3, feeds.size(), "attach, commit, rollback");
            assertEquals(feeds.get(1).at().plusSeconds(1), feeds.get(2).at(), "rollback stamped at the deadline");
            assertEquals(1, feeds.get(2).keys().size());
        }
    }
}
