package org.qkdmacsec.lab.junos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkdmacsec.lab.junos.JunosFixtures.CAK1;
import static org.qkdmacsec.lab.junos.JunosFixtures.CKN1;
import static org.qkdmacsec.lab.junos.JunosFixtures.PASSWORD;
import static org.qkdmacsec.lab.junos.JunosFixtures.T;
import static org.qkdmacsec.lab.junos.JunosFixtures.USER;
import static org.qkdmacsec.lab.junos.JunosFixtures.ZURICH;
import static org.qkdmacsec.lab.junos.JunosFixtures.connect;
import static org.qkdmacsec.lab.junos.JunosFixtures.device;
import static org.qkdmacsec.lab.junos.JunosFixtures.has;
import static org.qkdmacsec.lab.junos.JunosFixtures.initialConfiguration;
import static org.qkdmacsec.lab.junos.JunosFixtures.key;
import static org.qkdmacsec.lab.junos.JunosFixtures.loadKeys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.qkdmacsec.lab.mka.MkaLinkModel;
import org.qkdmacsec.lab.mka.PortFeed;
import org.qkdmacsec.lab.mka.Side;
import org.qkdmacsec.lab.time.ManualClock;

@Timeout(120)
class JunosCommitLatencyTest {

    @Test
    void onTheLabsManualClockACommitMovesSimulatedTimeByItsLatencyAndTheRollbackTimerStartsWhenItCompletes() throws Exception {
        ManualClock clock = new ManualClock(T);
        try (JunosSimulator sim = device("r1", clock).commitLatency(Duration.ofSeconds(3)).start();
             NetconfTestClient c = connect(sim)) {
            MkaLinkModel link = new MkaLinkModel(clock);
            sim.attach("et-0/0/0", link.a());
            c.rpc("<lock-configuration/>");
            c.rpc(loadKeys(key(1, CKN1, CAK1, "2026-07-10.14:05")));
            long wallStart = System.nanoTime();
            assertTrue(has(c.rpc("<commit-configuration><confirmed/><confirm-timeout>1</confirm-timeout></commit-configuration>"),
                    "commit-success"));
            assertTrue(Duration.ofNanos(System.nanoTime() - wallStart).compareTo(Duration.ofSeconds(2)) < 0,
                    "simulated latency costs no wall time");
            assertEquals(T.plusSeconds(3), clock.instant(), "the commit took 3 simulated seconds");
            assertEquals(Optional.of(T.plusSeconds(3 + 60)), sim.pendingRollbackDeadline());

            assertTrue(has(c.rpc("<commit-configuration/>"), "commit-success"), "the confirming commit");
            assertEquals(T.plusSeconds(6), clock.instant(), "confirming is a commit too");
            assertEquals(Optional.empty(), sim.pendingRollbackDeadline());
            // the MKA model learns of the change when its commit completes (the confirm changes nothing it keeps)
            assertEquals(List.of(T, T.plusSeconds(3)), link.feeds(Side.A).stream().map(PortFeed::at).toList());
            c.rpc("<unlock-configuration/>");
        }
    }

    @Test
    void commitsStartingAtTheSameSimulatedInstantOnTwoRoutersOverlapAsTheyWouldInParallel() throws Exception {
        ManualClock clock = new ManualClock(T);
        try (JunosSimulator r1 = device("r1", clock).commitLatency(Duration.ofSeconds(3)).start();
             JunosSimulator r2 = device("r2", clock).commitLatency(Duration.ofSeconds(3)).start();
             NetconfTestClient a = connect(r1); NetconfTestClient b = connect(r2)) {
            a.rpc(loadKeys(key(1, CKN1, CAK1, "2026-07-10.14:05")));
            b.rpc(loadKeys(key(1, CKN1, CAK1, "2026-07-10.14:05")));
            Thread other = new Thread(() -> {
                try {
                    b.rpc("<commit-configuration/>");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            other.start();
            a.rpc("<commit-configuration/>");
            other.join();
            // both completed at T+3 or, had one started after the other finished, T+6: never more
            assertTrue(!clock.instant().isAfter(T.plusSeconds(6)), clock.instant().toString());
        }
    }

    @Test
    void onARealClockACommitTakesItsLatencyInWallTime() throws Exception {
        try (JunosSimulator sim = JunosSimulator.builder().hostName("r1").user(USER, PASSWORD).clock(Clock.systemUTC())
                .timeZone(ZURICH).initialConfiguration(initialConfiguration()).commitLatency(Duration.ofMillis(400)).start();
             NetconfTestClient c = connect(sim)) {
            c.rpc("<lock-configuration/>");
            c.rpc(loadKeys(key(1, CKN1, CAK1, "2030-07-10.14:05")));
            Instant before = Instant.now();
            assertTrue(has(c.rpc("<commit><confirmed/><confirm-timeout>60</confirm-timeout></commit>"), "ok"));
            Instant after = Instant.now();
            assertTrue(Duration.between(before, after).toMillis() >= 400, Duration.between(before, after).toString());
            Instant deadline = sim.pendingRollbackDeadline().orElseThrow();
            assertTrue(!deadline.isBefore(before.plusMillis(400).plusSeconds(60)), "the timer starts when the commit completes: "
                    + deadline + " vs sent " + before);
            assertTrue(!deadline.isAfter(after.plusSeconds(60)), deadline + " vs replied " + after);
            c.rpc("<unlock-configuration/>");
        }
    }
}
