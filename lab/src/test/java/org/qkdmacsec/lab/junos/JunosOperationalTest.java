package org.qkdmacsec.lab.junos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkdmacsec.lab.junos.JunosFixtures.CAK1;
import static org.qkdmacsec.lab.junos.JunosFixtures.CKN0;
import static org.qkdmacsec.lab.junos.JunosFixtures.CKN1;
import static org.qkdmacsec.lab.junos.JunosFixtures.T;
import static org.qkdmacsec.lab.junos.JunosFixtures.all;
import static org.qkdmacsec.lab.junos.JunosFixtures.connect;
import static org.qkdmacsec.lab.junos.JunosFixtures.device;
import static org.qkdmacsec.lab.junos.JunosFixtures.has;
import static org.qkdmacsec.lab.junos.JunosFixtures.key;
import static org.qkdmacsec.lab.junos.JunosFixtures.loadKeys;
import static org.qkdmacsec.lab.junos.JunosFixtures.one;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.qkdmacsec.lab.mka.MkaLinkModel;
import org.qkdmacsec.lab.mka.TimeInterval;
import org.qkdmacsec.lab.time.ManualClock;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

@Timeout(120)
class JunosOperationalTest {
    private final ManualClock clock = new ManualClock(T);

    @Test
    void uptimeAndNtpReportTheDeviceClockInItsZone() throws Exception {
        try (JunosSimulator sim = device("r1", clock).clockSkew(Duration.ofSeconds(30)).start(); NetconfTestClient c = connect(sim)) {
            Document up = c.rpc("<get-system-uptime-information/>");
            Element now = (Element) up.getElementsByTagNameNS("*", "current-time").item(0);
            Element dateTime = (Element) now.getElementsByTagNameNS("*", "date-time").item(0);
            assertEquals("2026-07-10 14:00:30 CEST", dateTime.getTextContent());
            assertEquals(Long.toString(T.getEpochSecond() + 30), dateTime.getAttributeNS("http://xml.juniper.net/junos/23.4R1.9/junos", "seconds"));
            assertEquals("NTP CLOCK", one(up, "time-source"));
            assertTrue(one(c.rpc("<get-ntp-status/>"), "output").contains("leap_none, sync_ntp"));
            sim.setNtpSynchronized(false);
            assertEquals("LOCAL CLOCK", one(c.rpc("<get-system-uptime-information/>"), "time-source"));
            assertTrue(one(c.rpc("<get-ntp-status/>"), "output").contains("sync_unspec"));
            assertEquals("Europe/Zurich", one(c.rpc("<get-configuration database=\"committed\"><configuration><system><time-zone/>"
                    + "</system></configuration></get-configuration>"), "time-zone"));
        }
    }

    @Test
    void keychainShowsActiveAndNextKeyWithTimeToTransition() throws Exception {
        try (JunosSimulator sim = device("r1", clock).start(); NetconfTestClient c = connect(sim)) {
            c.rpc(loadKeys(key(1, CKN1, CAK1, "2026-07-10.14:05")));
            assertTrue(has(c.rpc("<commit-configuration/>"), "commit-success"));
            Document d = c.rpc("<get-hakr-keychain-information/>");
            assertEquals("QKD_CA1", one(d, "hakr-keychain-name"));
            assertEquals("0", one(d, "hakr-keychain-active-send-key"));
            assertEquals("0", one(d, "hakr-keychain-active-receive-key"));
            assertEquals("1", one(d, "hakr-keychain-next-send-key"));
            assertEquals("00:05:00", one(d, "hakr-keychain-next-key-time"));
            clock.advance(Duration.ofMinutes(5));
            Document after = c.rpc("<get-hakr-keychain-information/>");
            assertEquals("1", one(after, "hakr-keychain-active-send-key"));
            assertEquals("None", one(after, "hakr-keychain-next-send-key"));
            assertEquals("None", one(after, "hakr-keychain-next-key-time"));
        }
    }

    /** Stages key 1 (start 14:05 device-local) on a device through a private session and commits it. */
    private static void stage(JunosSimulator sim, String start) throws Exception {
        try (NetconfTestClient c = connect(sim)) {
            c.rpc("<open-configuration><private/></open-configuration>");
            c.rpc(loadKeys(key(1, CKN1, CAK1, start)));
            assertTrue(has(c.rpc("<commit-configuration/>"), "commit-success"));
        }
    }

    private static List<String> states(NetconfTestClient c) throws Exception {
        Document d = c.rpc("<get-mka-session-information><interface-name>et-0/0/0</interface-name></get-mka-session-information>");
        List<String> cak = all(d, "cak-name");
        List<String> state = all(d, "interface-state");
        List<String> status = all(d, "session-status");
        return java.util.stream.IntStream.range(0, cak.size())
                .mapToObj(i -> cak.get(i).substring(0, 4) + " " + state.get(i) + " " + status.get(i)).toList();
    }

    @Test
    void mkaSessionsFollowTheLinkModelThroughAHitlessRollover() throws Exception {
        MkaLinkModel link = new MkaLinkModel(clock);
        try (JunosSimulator r1 = device("r1", clock).start(); JunosSimulator r2 = device("r2", clock).start()) {
            r1.attach("et-0/0/0", link.a());
            r2.attach("et-0/0/0", link.b());
            stage(r1, "2026-07-10.14:05");
            stage(r2, "2026-07-10.14:05");
            String k0 = CKN0.substring(0, 4).toUpperCase(Locale.ROOT);
            String k1 = CKN1.substring(0, 4).toUpperCase(Locale.ROOT);
            try (NetconfTestClient c1 = connect(r1)) {
                clock.set(T.plusSeconds(299));
                assertEquals(List.of(k0 + " Secured - Primary live"), states(c1));
                clock.set(T.plusSeconds(301));
                assertEquals(List.of(k1 + " Unsecured in-progress", k0 + " Secured - Preceding live"), states(c1));
                clock.set(T.plusSeconds(302));
                assertEquals(List.of(k1 + " Secured - Primary live"), states(c1));
            }
            // K0 common from the attach at T, secured from T+2; the rollover at T+300 costs nothing.
            assertTrue(link.outages(T.plusSeconds(2), T.plusSeconds(900)).hitless());
        }
    }

    @Test
    void skewAndTimeZoneMistakesShowUpAsTheOutageTheModelPredicts() throws Exception {
        MkaLinkModel skewed = new MkaLinkModel(clock);
        try (JunosSimulator r1 = device("r1", clock).start();
             JunosSimulator r2 = device("r2", clock).clockSkew(Duration.ofSeconds(-10)).start()) {
            r1.attach("et-0/0/0", skewed.a());
            r2.attach("et-0/0/0", skewed.b());
            stage(r1, "2026-07-10.14:05");
            stage(r2, "2026-07-10.14:05");
            // r1 moves at T+300, r2 (10 s slow) at T+310: K0 live until T+306, K1 secured from T+312.
            assertEquals(List.of(new TimeInterval(T.plusSeconds(306), T.plusSeconds(312))),
                    skewed.outages(T.plusSeconds(2), T.plusSeconds(900)).outages());
        }
        MkaLinkModel zones = new MkaLinkModel(clock);
        try (JunosSimulator r1 = device("r1", clock).start();
             JunosSimulator r2 = device("r2", clock).timeZone(ZoneOffset.UTC).start()) {
            r1.attach("et-0/0/0", zones.a());
            r2.attach("et-0/0/0", zones.b());
            // "14:05" local is 12:05Z (T+300) on the Zurich device but 14:05Z (T+7500) on the UTC one:
            // K0 live until T+306, K1 secured from T+7502.
            stage(r1, "2026-07-10.14:05");
            stage(r2, "2026-07-10.14:05");
            assertEquals(List.of(new TimeInterval(T.plusSeconds(306), T.plusSeconds(7502))),
                    zones.outages(T.plusSeconds(2), T.plusSeconds(9000)).outages());
        }
    }

    @Test
    void anInterfaceWithoutALinkShowsItsOwnKeyUnsecured() throws Exception {
        try (JunosSimulator sim = device("r1", clock).start(); NetconfTestClient c = connect(sim)) {
            Document d = c.rpc("<get-mka-session-information/>");
            assertEquals("et-0/0/0", one(d, "interface-name"));
            assertEquals(CKN0.toUpperCase(Locale.ROOT), one(d, "cak-name"));
            assertEquals("Unsecured", one(d, "interface-state"));
            assertEquals("000000000000000000000000/0", one(d, "latest-sak-key-identifier"));
        }
    }
}
