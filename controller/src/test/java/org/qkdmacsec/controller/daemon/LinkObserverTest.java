package org.qkdmacsec.controller.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.controller.engine.LinkObservation;
import org.qkdmacsec.spi.KeySlot;

/** Outage as the devices report it, and the keys the polls saw, from a sequence of observations. */
class LinkObserverTest {
    static final Instant T0 = Instant.parse("2026-11-23T14:00:00Z");
    static final String OLD = "aa".repeat(32);
    static final String NEW = "bb".repeat(32);

    final LinkObserver observer = new LinkObserver(() -> null, spec -> new CompletableFuture<>(), Clock.fixed(T0.plusSeconds(600),
            ZoneOffset.UTC), Duration.ofSeconds(30), 1);

    static LinkObservation at(int seconds, boolean securedA, boolean securedB, boolean reachableB, List<KeySlot> keys) {
        Instant t = T0.plusSeconds(seconds);
        return new LinkObservation("r1-r2", t, new LinkObservation.End("r1", true, Optional.empty(), keys, Optional.of(keys.get(0).ckn()), securedA),
                new LinkObservation.End("r2", reachableB, reachableB ? Optional.empty() : Optional.of("timeout"), reachableB ? keys : List.of(),
                        Optional.of(keys.get(0).ckn()), securedB));
    }

    static KeySlot key(String ckn, int start) {
        return new KeySlot("1", ckn, Optional.of(T0.plusSeconds(start)), Optional.empty());
    }

    @Test
    void aLinkBeingBroughtUpIsNotAnOutageButMkaDownAfterwardsCountsUpToTwoPollIntervals() {
        observer.record(at(0, false, false, true, List.of(key(OLD, 5))));
        observer.record(at(30, false, false, true, List.of(key(OLD, 5))));
        assertEquals(0.0, observer.outageTotal("r1-r2"), "not yet seen secured: its first key is on its way in");
        observer.record(at(60, true, true, true, List.of(key(OLD, 5))));
        observer.record(at(90, true, false, true, List.of(key(OLD, 5))));
        assertEquals(30.0, observer.outageTotal("r1-r2"), "one end not secured for one poll interval");
        observer.record(at(120, true, true, false, List.of(key(OLD, 5))));
        observer.record(at(300, true, false, true, List.of(key(OLD, 5))));
        assertEquals(30.0 + 60.0, observer.outageTotal("r1-r2"), "an unreachable end counts nothing; a long gap counts two intervals");
        assertEquals(90.0, observer.outageLastDay("r1-r2"));
    }

    @Test
    void aPollCatchingMkaMovingToAKeyThatJustStartedIsASwitchNotAnOutage() {
        observer.record(at(0, true, true, true, List.of(key(OLD, -60))));
        observer.record(at(30, false, false, true, List.of(key(NEW, 25), key(OLD, -60))));
        assertTrue(observer.settling("r1-r2"), "5 s after the new key's start-time its CA may still be coming up");
        assertEquals(0.0, observer.outageTotal("r1-r2"));
        observer.record(at(60, false, true, true, List.of(key(NEW, 25), key(OLD, -60))));
        assertFalse(observer.settling("r1-r2"));
        assertEquals(30.0, observer.outageTotal("r1-r2"), "35 s after the start-time it is an outage");
    }

    @Test
    void keysAreFollowedUntilNeitherEndHoldsThem() {
        observer.record(at(0, true, true, true, List.of(key(OLD, 5), key(NEW, 60))));
        observer.record(at(90, true, true, true, List.of(key(NEW, 60))));
        List<LinkObserver.SeenKeyRecord> keys = observer.keys("r1-r2");
        assertEquals(List.of(OLD, NEW), keys.stream().map(LinkObserver.SeenKeyRecord::ckn).toList(), "oldest start first");
        assertFalse(keys.get(0).configured(), "retired");
        assertEquals(T0, keys.get(0).lastSeen());
        assertTrue(keys.get(1).configured() && keys.get(1).onA() && keys.get(1).onB());
        assertEquals(Optional.of(T0.plusSeconds(60)), keys.get(1).start());
    }
}
