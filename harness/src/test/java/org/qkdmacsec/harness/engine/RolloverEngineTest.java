package org.qkdmacsec.harness.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.controller.journal.TxnState;
import org.qkdmacsec.lab.mka.OutageTimeline;

class RolloverEngineTest {
    @TempDir
    Path dir;

    @Test
    void bootstrapThenRolloverIsHitless() {
        try (LabRig rig = new LabRig(dir)) {
            RolloverResult first = rig.rollover("r1-r2");
            assertEquals(TxnState.DONE, first.state(), first.toString());
            Instant securedFrom = first.start().orElseThrow().plusSeconds(2);

            RolloverResult second = rig.rollover("r1-r2");
            assertEquals(TxnState.DONE, second.state(), second.toString());
            rig.scheduler.advance(Duration.ofMinutes(5));
            OutageTimeline o = rig.model("r1-r2").outages(securedFrom, rig.clock.instant());
            assertTrue(o.hitless(), o.toString());
        }
    }
}
