package org.qkdmacsec.lab.mka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.lab.time.ManualClock;

/**
 * Every number here is derived by hand from the rules of docs/mka-model.md with hello H = 2 s and
 * life L = 6 s: a CA common over [c0, c1) is secured over [c0 + H, c1 + L). T is the lab instant
 * 12:00:00; "T+60" means 60 s later. Both devices take their first commit at T, so the old key K1 is
 * secured from T+2; windows start at T+10 to look at the rollover only.
 */
class MkaLinkModelTest {
    private static final Instant T = Instant.parse("2026-07-10T12:00:00Z");
    private static final String CKN1 = "a1".repeat(32);
    private static final String CKN2 = "b2".repeat(32);
    private static final byte[] CAK1 = bytes("cak one, 32 bytes long.........!");
    private static final byte[] CAK2 = bytes("cak two, 32 bytes long.........!");
    private static final byte[] CAK2_OTHER = bytes("cak two but a different secret!!");

    private final ManualClock clock = new ManualClock(T);
    private final MkaLinkModel link = new MkaLinkModel(clock);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static Instant t(long seconds) {
        return T.plusSeconds(seconds);
    }

    private static MkaKey k1() {
        return MkaKey.of(CKN1, CAK1, T.minusSeconds(3600));
    }

    private static MkaKey k2(long startSeconds) {
        return MkaKey.of(CKN2, CAK2, t(startSeconds));
    }

    private void feed(MkaPort port, long at, Duration offset, MkaKey... keys) {
        port.feed(t(at), List.of(keys), offset, ActivationRule.JUNOS);
    }

    private void feed(MkaPort port, long at, MkaKey... keys) {
        feed(port, at, Duration.ZERO, keys);
    }

    @Test
    void firstCommonKeyIsSecuredOneHelloAfterBothEndsHoldIt() {
        feed(link.a(), 0, k1());
        feed(link.b(), 0, k1());
        // K1 common from T, secured from T+2: outage [T, T+2) = 2 s.
        OutageTimeline o = link.outages(t(0), t(10));
        assertEquals(List.of(new TimeInterval(t(0), t(2))), o.outages());
        assertEquals(2.0, o.totalSeconds());
        assertFalse(link.securedAt(t(1)));
        assertTrue(link.securedAt(t(2)));
    }

    @Test
    void overlappedRolloverStagedOnBothEndsIsHitless() {
        feed(link.a(), 0, k1());
        feed(link.b(), 0, k1());
        // Side A commits the future key at T+20, side B at T+30, both with start T+60.
        feed(link.a(), 20, k1(), k2(60));
        feed(link.b(), 30, k1(), k2(60));
        // At T+60 both move: K1 common [T, T+60) -> secured until T+66; K2 common from T+60 -> secured
        // from T+62. The two overlap, so no outage.
        OutageTimeline o = link.outages(t(10), t(300));
        assertTrue(o.hitless(), o.toString());
        assertEquals(Duration.ZERO, o.total());

        PortState before = link.stateAt(Side.A, t(59));
        assertEquals(Optional.of(CKN1), before.activeCkn());
        assertEquals(List.of(new MkaSession(CKN1, CakType.PRIMARY, true, 1)), before.sessions());

        // During [T+60, T+62) the new CA is in progress and the old one carries traffic as preceding.
        PortState during = link.stateAt(Side.B, t(61));
        assertEquals(Optional.of(CKN2), during.activeCkn());
        assertEquals(List.of(new MkaSession(CKN2, CakType.PRIMARY, false, 1),
                new MkaSession(CKN1, CakType.PRECEDING, true, 1)), during.sessions());
        assertTrue(during.linkSecured());

        PortState after = link.stateAt(Side.A, t(62));
        assertEquals(List.of(new MkaSession(CKN2, CakType.PRIMARY, true, 1)), after.sessions());

        assertEquals(List.of(new ActiveSpan(t(10), t(60), Optional.of(CKN1)), new ActiveSpan(t(60), t(300), Optional.of(CKN2))),
                link.activeKeys(Side.A, t(10), t(300)));
    }

    @Test
    void startTimesThatDifferBetweenEndsCostTheGapMinusTheLifeTime() {
        feed(link.a(), 0, k1(), k2(60));
        feed(link.b(), 0, k1(), MkaKey.of(CKN2, CAK2, t(90)));
        // A leaves K1 at T+60: K1 common [T, T+60) -> secured until T+66.
        // K2 common from T+90 (when B moves) -> secured from T+92.
        // Outage [T+66, T+92) = 26 s.
        OutageTimeline o = link.outages(t(10), t(300));
        assertEquals(List.of(new TimeInterval(t(66), t(92))), o.outages());
        assertEquals(26.0, o.totalSeconds());

        // At T+70 A runs K2 alone (no live peer), B still K1 whose peer has gone.
        assertEquals(List.of(new MkaSession(CKN2, CakType.PRIMARY, false, 0)), link.stateAt(Side.A, t(70)).sessions());
        assertEquals(List.of(new MkaSession(CKN1, CakType.PRIMARY, false, 0)), link.stateAt(Side.B, t(70)).sessions());
        // At T+63 A's K2 is in progress, K1 still live as preceding; B still lists K1 as its secured primary.
        assertEquals(List.of(new MkaSession(CKN2, CakType.PRIMARY, false, 0), new MkaSession(CKN1, CakType.PRECEDING, true, 1)),
                link.stateAt(Side.A, t(63)).sessions());
        assertEquals(List.of(new MkaSession(CKN1, CakType.PRIMARY, true, 1)), link.stateAt(Side.B, t(63)).sessions());
    }

    @Test
    void keyOnOneEndOnlyLosesTheLinkOneLifeTimeAfterThatEndMoves() {
        feed(link.a(), 0, k1(), k2(60));
        feed(link.b(), 0, k1());
        // A leaves K1 at T+60 -> K1 secured until T+66; nothing common afterwards.
        // Outage [T+66, T+300) = 234 s.
        OutageTimeline o = link.outages(t(10), t(300));
        assertEquals(List.of(new TimeInterval(t(66), t(300))), o.outages());
        assertEquals(234.0, o.totalSeconds());
        PortState a = link.stateAt(Side.A, t(100));
        assertFalse(a.linkSecured());
        assertEquals(List.of(new MkaSession(CKN2, CakType.PRIMARY, false, 0)), a.sessions());
    }

    @Test
    void deviceClockSkewLargerThanTheLifeTimeCostsSkewMinusLifePlusHello() {
        feed(link.a(), 0, k1(), k2(60));
        // B's clock runs 10 s behind the lab clock: its K2 (start T+60 on its clock) starts at lab T+70.
        feed(link.b(), 0, Duration.ofSeconds(-10), k1(), k2(60));
        // K1 secured until T+66 (A left at T+60); K2 common from T+70 -> secured from T+72.
        // Outage [T+66, T+72) = 6 s = skew 10 - (L 6 - H 2).
        OutageTimeline o = link.outages(t(10), t(300));
        assertEquals(List.of(new TimeInterval(t(66), t(72))), o.outages());
        assertEquals(6.0, o.totalSeconds());
    }

    @Test
    void skewUpToLifeMinusHelloIsAbsorbed() {
        // B 4 s behind: K2 common from T+64, secured from T+66 = exactly when K1 expires: no gap.
        feed(link.a(), 0, k1(), k2(60));
        feed(link.b(), 0, Duration.ofSeconds(-4), k1(), k2(60));
        assertTrue(link.outages(t(10), t(300)).hitless());

        // Same with B 5 s *ahead*: B moves first at lab T+55, K1 secured until T+61, K2 common from
        // T+60 (A moves), secured from T+62: outage [T+61, T+62) = 1 s.
        MkaLinkModel ahead = new MkaLinkModel(clock);
        ahead.a().feed(t(0), List.of(k1(), k2(60)), Duration.ZERO, ActivationRule.JUNOS);
        ahead.b().feed(t(0), List.of(k1(), k2(60)), Duration.ofSeconds(5), ActivationRule.JUNOS);
        assertEquals(List.of(new TimeInterval(t(61), t(62))), ahead.outages(t(10), t(300)).outages());
    }

    @Test
    void sameCknWithDifferentCakNeverSecures() {
        feed(link.a(), 0, k1(), k2(60));
        feed(link.b(), 0, k1(), MkaKey.of(CKN2, CAK2_OTHER, t(60)));
        // Both move to CKN2 at T+60 but the CAKs differ: no common CA. K1 secured until T+66.
        // Outage [T+66, T+300) = 234 s; both list CKN2 as an unsecured primary with no live peer.
        assertEquals(List.of(new TimeInterval(t(66), t(300))), link.outages(t(10), t(300)).outages());
        assertEquals(List.of(new MkaSession(CKN2, CakType.PRIMARY, false, 0)), link.stateAt(Side.B, t(100)).sessions());
    }

    @Test
    void iosXrKeyWhoseLifetimeEndsWithNoSuccessorDropsTheLink() {
        MkaKey expiring = MkaKey.of(CKN1, CAK1, T.minusSeconds(3600), t(60));
        link.a().feed(t(0), List.of(expiring), Duration.ZERO, ActivationRule.IOS_XR);
        link.b().feed(t(0), List.of(expiring), Duration.ZERO, ActivationRule.IOS_XR);
        // Both lose K1 at T+60 (end of lifetime) -> K1 live until T+66, then nothing.
        // Outage [T+66, T+300) = 234 s; at T+100 neither side has an active key or a session.
        assertEquals(List.of(new TimeInterval(t(66), t(300))), link.outages(t(10), t(300)).outages());
        PortState a = link.stateAt(Side.A, t(100));
        assertEquals(Optional.empty(), a.activeCkn());
        assertEquals(List.of(), a.sessions());
        assertEquals(List.of(new ActiveSpan(t(10), t(60), Optional.of(CKN1)), new ActiveSpan(t(60), t(300), Optional.empty())),
                link.activeKeys(Side.A, t(10), t(300)));
    }

    @Test
    void iosXrMovesToTheLatestStartingValidKeyAndJunosIgnoresEnds() {
        // K1 valid until T+90, K2 from T+60: XR moves at T+60 on both ends -> hitless.
        MkaKey k1 = MkaKey.of(CKN1, CAK1, T.minusSeconds(3600), t(90));
        MkaKey k2 = MkaKey.of(CKN2, CAK2, t(60), null);
        link.a().feed(t(0), List.of(k1, k2), Duration.ZERO, ActivationRule.IOS_XR);
        link.b().feed(t(0), List.of(k1, k2), Duration.ZERO, ActivationRule.IOS_XR);
        assertTrue(link.outages(t(10), t(300)).hitless());

        // Under the Junos rule a key with an end that never gets a successor stays active.
        MkaLinkModel junos = new MkaLinkModel(clock);
        MkaKey ending = MkaKey.of(CKN1, CAK1, T.minusSeconds(3600), t(60));
        junos.a().feed(t(0), List.of(ending), Duration.ZERO, ActivationRule.JUNOS);
        junos.b().feed(t(0), List.of(ending), Duration.ZERO, ActivationRule.JUNOS);
        assertTrue(junos.outages(t(10), t(300)).hitless());
    }

    @Test
    void commitConfirmedRollbackAtItsDeadlineRemovesTheStagedKey() {
        feed(link.a(), 0, k1());
        feed(link.b(), 0, k1());
        feed(link.a(), 20, k1(), k2(60));
        feed(link.b(), 25, k1(), k2(60));
        // A's commit was never confirmed: its rollback feed is timestamped at the deadline T+50,
        // and recorded late (as a simulator notices it lazily) - after B's feed, out of order.
        clock.set(t(200));
        link.a().feed(t(50), List.of(k1()), Duration.ZERO, ActivationRule.JUNOS);
        // B moves at T+60 alone: K1 secured until T+66. Outage [T+66, T+300) = 234 s.
        assertEquals(List.of(new TimeInterval(t(66), t(300))), link.outages(t(10), t(300)).outages());
        assertEquals(List.of(new ActiveSpan(t(10), t(300), Optional.of(CKN1))), link.activeKeys(Side.A, t(10), t(300)));
    }

    @Test
    void aCaThatComesBackWhileStillLiveStaysSecured() {
        feed(link.a(), 0, k1());
        feed(link.b(), 0, k1());
        // A flips to K2 at T+30 and back to K1 at T+33 (a commit then a quick rollback).
        feed(link.a(), 30, k1(), k2(30));
        feed(link.a(), 33, k1());
        // K1 common [T, T+30) and again from T+33 < T+36 (its live-until): secured throughout.
        assertTrue(link.outages(t(10), t(100)).hitless());
        // The same flip lasting 10 s: K1 live until T+36, common again at T+40, secured at T+42.
        MkaLinkModel longer = new MkaLinkModel(clock);
        longer.a().feed(t(0), List.of(k1()), Duration.ZERO, ActivationRule.JUNOS);
        longer.b().feed(t(0), List.of(k1()), Duration.ZERO, ActivationRule.JUNOS);
        longer.a().feed(t(30), List.of(k1(), k2(30)), Duration.ZERO, ActivationRule.JUNOS);
        longer.a().feed(t(40), List.of(k1()), Duration.ZERO, ActivationRule.JUNOS);
        assertEquals(List.of(new TimeInterval(t(36), t(42))), longer.outages(t(10), t(100)).outages());
    }

    @Test
    void beforeReadHookLetsADeviceRecordOverdueEventsFirst() {
        feed(link.a(), 0, k1());
        feed(link.b(), 0, k1());
        link.a().beforeRead(() -> {
            if (link.feeds(Side.A).size() == 1) {
                link.a().feed(t(5), List.of(), Duration.ZERO, ActivationRule.JUNOS);
            }
        });
        // A drops all keys at T+5: K1 secured [T+2, T+11). Outage [T+11, T+20).
        assertEquals(List.of(new TimeInterval(t(11), t(20))), link.outages(t(2), t(20)).outages());
    }

    @Test
    void aFeedThatRepeatsTheLatestStateIsNotKept() {
        feed(link.a(), 0, k1());
        feed(link.a(), 5, k1());
        feed(link.a(), 7, k1(), k2(30));
        feed(link.a(), 9, k1(), k2(30));
        feed(link.a(), 11, Duration.ofSeconds(2), k1(), k2(30));
        assertEquals(List.of(t(0), t(7), t(11)), link.feeds(Side.A).stream().map(PortFeed::at).toList());
    }

    @Test
    void nothingPrintsTheCak() {
        MkaKey k = MkaKey.of(CKN1, HexFormat.of().parseHex("00112233445566778899aabbccddeeff"), T);
        link.a().feed(t(0), List.of(k), Duration.ZERO, ActivationRule.JUNOS);
        String text = k + " " + link.feeds(Side.A) + " " + link.stateAt(Side.A, t(1)) + " " + link;
        assertFalse(text.toLowerCase().contains("00112233445566778899aabbccddeeff"), text);
        assertTrue(text.contains("<redacted>"));
    }
}
