package org.qkdmacsec.harness.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.controller.engine.LinkSpec;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.controller.journal.TxnState;
import org.qkdmacsec.lab.mka.OutageTimeline;
import org.qkdmacsec.spi.Candidate;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.MacsecDriver;
import org.qkdmacsec.spi.Port;
import org.qkdmacsec.spi.Secret;

/** Long runs on simulated time: the MKA model must see no unsecured instant across every rollover. */
class ConsecutiveRolloversTest {
    @TempDir
    Path dir;

    /** Keys the link, then rolls it {@code n} times; returns the outage from the first secured moment on. */
    private static OutageTimeline roll(LabRig rig, String link, int n) {
        RolloverResult first = rig.rollover(link);
        assertEquals(TxnState.DONE, first.state(), first.toString());
        rig.scheduler.advance(Duration.ofMinutes(3));
        Instant from = rig.clock.instant();
        for (int i = 0; i < n; i++) {
            RolloverResult r = rig.rollover(link);
            assertEquals(TxnState.DONE, r.state(), "rollover " + (i + 1) + ": " + r);
        }
        rig.scheduler.advance(Duration.ofMinutes(5));
        return rig.model(link).outages(from, rig.clock.instant());
    }

    @Test
    void hundredConsecutiveJunosRolloversWithoutAnUnsecuredInstant() throws Exception {
        try (LabRig rig = new LabRig(dir)) {
            rig.keys.attach();
            OutageTimeline o = roll(rig, "r1-r2", 100);
            assertTrue(o.hitless(), o.toString());
            assertTrue(rig.keys.keyCount() >= 101, "one key per rollover at least, plus keyring top-ups: " + rig.keys.keyCount());
            assertEquals("", rig.keys.leaks("", dir.resolve("journal")));
            rig.keys.detach();
        }
    }

    @Test
    void fiftyConsecutiveRolloversOnTheMixedJunosIosXrLink() {
        try (LabRig rig = new LabRig(dir)) {
            OutageTimeline o = roll(rig, "r1-x1", 50);
            assertTrue(o.hitless(), o.toString());
        }
    }

    @Test
    void iosXrPairRollsWithOverlappingLifetimes() {
        try (LabRig rig = new LabRig(dir)) {
            OutageTimeline o = roll(rig, "x1-x2", 5);
            assertTrue(o.hitless(), o.toString());
        }
    }

    /**
     * Proves the model can fail the tests above: on the IOS-XR pair, a new key whose start comes 30 s
     * after the current key's end (no overlap) leaves both routers without a usable key. The old CA
     * stays live for the MKA life time (6 s) after both lose it, and the new CA is secured one hello
     * (2 s) after both start it: outage = 30 - 6 + 2 = 26 s.
     */
    @Test
    void aLifetimeGapIsSeenAsAnOutage() {
        try (LabRig rig = new LabRig(dir)) {
            RolloverResult first = rig.rollover("x1-x2");
            assertEquals(TxnState.DONE, first.state(), first.toString());
            rig.scheduler.advance(Duration.ofMinutes(3));
            Instant from = rig.clock.instant();
            String old = first.newCkns().get(0);
            Instant start = rig.clock.instant().plus(Duration.ofMinutes(5));
            String ckn = "ab".repeat(32);
            LinkSpec link = rig.link("x1-x2");
            try (Secret cak = Secret.copyOf(new byte[32])) {
                KeyPlan broken = new KeyPlan(List.of(new KeyPlan.Add(ckn, cak, start, Optional.empty())),
                        List.of(new KeyPlan.EndChange(old, start.minusSeconds(30))), List.of());
                for (LinkSpec.End end : List.of(link.a(), link.b())) {
                    MacsecDriver d = rig.runtime.drivers().driver(end.device());
                    Port port = end.port();
                    Candidate c = d.stage(port, broken);
                    d.commit(c, Duration.ZERO);
                }
            }
            rig.scheduler.advance(Duration.ofMinutes(10));
            OutageTimeline o = rig.model("x1-x2").outages(from, rig.clock.instant());
            assertEquals(Duration.ofSeconds(26), o.total(), o.toString());
        }
    }
}
