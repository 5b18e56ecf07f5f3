package org.qkdmacsec.controller.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.controller.engine.LinkSpec;
import org.qkdmacsec.controller.journal.LinkStateRecord;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.Port;

class ReplenishTest {
    static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    static final Duration LEAD = Duration.ofSeconds(45);
    static final Port PORT = new Port("ge-0/0/1", "CA", "KC", CipherSuite.GCM_AES_XPN_256);
    static final LinkSpec LINK = new LinkSpec("l1", new LinkSpec.End("r1", PORT, "kme-a", "sae-a", true),
            new LinkSpec.End("r2", PORT, "kme-b", "sae-b", true), Side.A, 3, Duration.ofSeconds(60), Duration.ofSeconds(60),
            Duration.ofMinutes(10));

    private static LinkStateRecord state(int future, Optional<Instant> nextStart) {
        return new LinkStateRecord("l1", Optional.empty(), Optional.empty(), Optional.empty(), nextStart, future, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), NOW);
    }

    @Test
    void aFullKeyringNeedsNothing() {
        assertEquals(Optional.empty(), Replenish.earlyFire(LINK, state(3, Optional.of(NOW.plusSeconds(60))), Optional.empty(), NOW, LEAD));
    }

    @Test
    void aLowKeyringWhoseNextRunComesInTimeWaits() {
        // One future key at +2 min: the next key's slot is +12 min; a run must start by +11:15. The next run is at +10.
        assertEquals(Optional.empty(), Replenish.earlyFire(LINK, state(1, Optional.of(NOW.plusSeconds(120))),
                Optional.of(NOW.plus(Duration.ofMinutes(10))), NOW, LEAD));
    }

    @Test
    void aLowKeyringWhoseNextRunComesTooLateGetsAnEarlyRunSoon() {
        assertEquals(Optional.of(NOW.plusSeconds(60)), Replenish.earlyFire(LINK, state(1, Optional.of(NOW.plusSeconds(30))),
                Optional.of(NOW.plus(Duration.ofMinutes(10))), NOW, LEAD));
        assertEquals(Optional.of(NOW.plusSeconds(60)), Replenish.earlyFire(LINK, state(0, Optional.empty()), Optional.empty(), NOW, LEAD));
    }
}
