package org.qkdmacsec.lab.iosxr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.key;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.keyJson;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.path;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.psk;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Duration;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.gnmi.SetRequest;
import org.qkdmacsec.gnmi.ext.Commit;
import org.qkdmacsec.gnmi.ext.CommitRequest;
import org.qkdmacsec.gnmi.ext.Extension;
import org.qkdmacsec.lab.mka.ActiveSpan;
import org.qkdmacsec.lab.mka.MkaLinkModel;
import org.qkdmacsec.lab.mka.OutageTimeline;
import org.qkdmacsec.lab.mka.TimeInterval;
import org.qkdmacsec.lab.pki.TestPki;
import org.qkdmacsec.lab.time.ManualClock;

/** Two simulated IOS-XR routers on one modelled link, configured through gNMI like a controller would. */
class XrMkaLinkTest {
    static final String IF = "HundredGigE0/0/0/0";
    static final String K1 = "01aa";
    static final String K2 = "02bb";
    static final String K3 = "03cc";
    static final Instant T0 = Instant.parse("2026-07-10T10:00:00Z");

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(T0);
    final MkaLinkModel link = new MkaLinkModel(clock);
    IosXrSimulator xr1;
    IosXrSimulator xr2;
    GnmiTestClient c1;
    GnmiTestClient c2;

    @BeforeEach
    void start() throws Exception {
        TestPki pki = TestPki.create(dir);
        // Different zones on purpose: lifetimes are local wall-clock times, the model must still see one instant.
        xr1 = IosXrSimulator.builder().hostname("xr1").credentials("lab", "pw1".toCharArray()).pki(pki).clock(clock)
                .timeZone(ZoneId.of("Europe/Berlin")).interfaces(IF).build();
        xr2 = IosXrSimulator.builder().hostname("xr2").credentials("lab", "pw2".toCharArray()).pki(pki).clock(clock)
                .timeZone(ZoneId.of("America/New_York")).interfaces(IF).build();
        xr1.attach(IF, link.a(), "xr2");
        xr2.attach(IF, link.b(), "xr1");
        c1 = new GnmiTestClient(xr1.gnmiPort(), xr1.caBundle(), "lab", "pw1");
        c2 = new GnmiTestClient(xr2.gnmiPort(), xr2.caBundle(), "lab", "pw2");
    }

    @AfterEach
    void stop() throws Exception {
        c1.close();
        c2.close();
        xr1.close();
        xr2.close();
    }

    static String cak(String ckn) {
        return (ckn.repeat(16) + "00".repeat(32)).substring(0, 64);
    }

    /** A key's JSON with start and optional end given as instants, written in the router's zone. */
    static String keyAt(String ckn, ZoneId zone, Instant start, Optional<Instant> end) {
        String lifetime = "\"start-time\":" + local(start, zone) + (end.isPresent() ? ",\"end-time\":" + local(end.get(), zone) : ",\"infinite\":{}");
        return keyJson(ckn, Type7.encode(cak(ckn), 11), "aes-256-cmac", lifetime);
    }

    static String local(Instant t, ZoneId zone) {
        ZonedDateTime z = t.atZone(zone);
        return GnmiTestClient.time(z.getHour(), z.getMinute(), z.getSecond(), z.getMonth().name().toLowerCase(Locale.ROOT), z.getDayOfMonth(), z.getYear());
    }

    /** Writes the whole key entry (replace: a lifetime end changes from infinite to an end-time cleanly). */
    void both(String ckn, Instant start, Optional<Instant> end) {
        c1.replace(update(key("QKD", ckn), keyAt(ckn, ZoneId.of("Europe/Berlin"), start, end)));
        c2.replace(update(key("QKD", ckn), keyAt(ckn, ZoneId.of("America/New_York"), start, end)));
    }

    void bind() {
        c1.set(update(psk(IF), "{\"keychain-name\":\"QKD\"}"));
        c2.set(update(psk(IF), "{\"keychain-name\":\"QKD\"}"));
    }

    JsonNode mka(GnmiTestClient c) {
        return c.get(path("Cisco-IOS-XR-crypto-macsec-mka-oper:macsec", "mka", "interfaces", "interface", Map.of("name", IF), "session"));
    }

    @Test
    void overlappingLifetimesRollOverWithNoOutage() {
        both(K1, T0.minusSeconds(3600), Optional.empty());
        bind();
        clock.advance(java.time.Duration.ofMinutes(1));
        assertEquals(1, mka(c1).at("/ca/0/status").asInt());
        assertEquals(K1, mka(c2).at("/ca/0/ckn").asText());

        // Rollover as the controller stages it: new key starts at T, the current key ends at T + 60 s.
        Instant t = T0.plusSeconds(600);
        both(K2, t, Optional.empty());
        both(K1, T0.minusSeconds(3600), Optional.of(t.plusSeconds(60)));
        clock.advanceTo(T0.plusSeconds(1800));

        OutageTimeline o = link.outages(T0.plusSeconds(30), clock.instant());
        assertTrue(o.hitless(), () -> "outages: " + o.outages());
        List<ActiveSpan> a = link.activeKeys(link.a().side(), T0.plusSeconds(30), clock.instant());
        assertEquals(List.of(Optional.of(K1), Optional.of(K2)), a.stream().map(ActiveSpan::ckn).toList());
        assertEquals(t, a.get(1).from(), "XR selects the later-starting key as soon as it is valid");
        JsonNode s1 = mka(c1);
        assertEquals(K2, s1.at("/ca/0/ckn").asText());
        assertEquals(1, s1.at("/ca/0/status").asInt());
        assertEquals(1, s1.at("/ca/0/num-live-peers").asInt());
    }

    @Test
    void aGapBetweenLifetimesIsAnOutage() {
        both(K2, T0.minusSeconds(3600), Optional.of(T0.plusSeconds(600)));
        bind();
        // No overlap: the next key starts one minute after the current one ends.
        both(K3, T0.plusSeconds(660), Optional.empty());
        clock.advanceTo(T0.plusSeconds(1800));

        OutageTimeline o = link.outages(T0.plusSeconds(30), clock.instant());
        // K2 ends at +600 s and stays live for the MKA life time (6 s); K3 is common from +660 s and secured one hello (2 s) later.
        assertEquals(List.of(new TimeInterval(T0.plusSeconds(606), T0.plusSeconds(662))), o.outages());
        assertEquals(56.0, o.totalSeconds());
    }

    @Test
    void anUnconfirmedGnmiCommitRollsBackAtItsDeadlineInTheModel() {
        both(K1, T0.minusSeconds(3600), Optional.empty());
        bind();
        clock.advance(java.time.Duration.ofMinutes(1));
        Instant commitAt = clock.instant();
        // xr1 unbinds its interface in a trial commit that is never confirmed.
        c1.call().set(SetRequest.newBuilder().addDelete(psk(IF))
                .addExtension(Extension.newBuilder().setCommit(Commit.newBuilder().setId("trial")
                        .setCommit(CommitRequest.newBuilder().setRollbackDuration(Duration.newBuilder().setSeconds(60))))).build());
        clock.advance(java.time.Duration.ofMinutes(5));

        OutageTimeline o = link.outages(commitAt, clock.instant());
        // Down 6 s after the unbind (life time), back one hello after the rollback at the deadline.
        assertEquals(List.of(new TimeInterval(commitAt.plusSeconds(6), commitAt.plusSeconds(62))), o.outages());
        assertTrue(xr1.pendingCommitDeadline().isEmpty());
    }
}
