package org.qkdmacsec.driver.junos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.spi.MkaSession;
import org.qkdmacsec.spi.MkaSession.MkaRole;
import org.w3c.dom.Element;

/** Reply parsers on Junos-shaped XML (as {@code | display xml} prints it). */
class DeviceRepliesTest {
    private static Element xml(String s) throws Exception {
        return SecureXml.parse(s.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
    }

    @Test
    void softwareFromCurrentAndOldReleasesAndMultipleRoutingEngines() throws Exception {
        var sw = DeviceReplies.software(xml("<rpc-reply><multi-routing-engine-results><multi-routing-engine-item>"
                + "<re-name>re0</re-name><software-information><host-name>r1</host-name><product-model>mx204</product-model>"
                + "<junos-version>23.4R2.13</junos-version></software-information></multi-routing-engine-item>"
                + "</multi-routing-engine-results></rpc-reply>"));
        assertEquals(new DeviceReplies.Software("r1", "mx204", "23.4R2.13"), sw);
        var old = DeviceReplies.software(xml("<rpc-reply><software-information><host-name>r2</host-name>"
                + "<product-name>ex4300</product-name><package-information><name>junos</name>"
                + "<comment>JUNOS Software Release [12.3R6.6]</comment></package-information></software-information></rpc-reply>"));
        assertEquals(new DeviceReplies.Software("r2", "ex4300", "12.3R6.6"), old);
    }

    @Test
    void deviceClockPrefersEpochSecondsOverText() throws Exception {
        String j = "xmlns:junos=\"http://xml.juniper.net/junos/23.4R0/junos\"";
        assertEquals(Instant.ofEpochSecond(1783712820), DeviceReplies.currentTime(xml("<rpc-reply " + j + "><system-uptime-information>"
                + "<current-time><date-time junos:seconds=\"1783712820\">2026-07-10 21:47:00 CEST</date-time></current-time>"
                + "</system-uptime-information></rpc-reply>"), ZoneId.of("Europe/Berlin")));
        assertEquals(Instant.parse("2026-07-10T19:47:00Z"), DeviceReplies.currentTime(xml("<rpc-reply><system-uptime-information>"
                + "<current-time><date-time>2026-07-10 21:47:00 CEST</date-time></current-time>"
                + "</system-uptime-information></rpc-reply>"), ZoneId.of("Europe/Berlin")));
    }

    @Test
    void ntpAndTimeZone() throws Exception {
        assertTrue(DeviceReplies.ntpSynchronized(xml("<rpc-reply><output>status=0644 leap_none, sync_ntp, 4 events</output></rpc-reply>")));
        assertFalse(DeviceReplies.ntpSynchronized(xml("<rpc-reply><output>status=c011 leap_alarm, sync_unspec</output></rpc-reply>")));
        assertEquals(Optional.of("Europe/Berlin"), DeviceReplies.timeZoneText(xml("<rpc-reply><configuration><system>"
                + "<time-zone>Europe/Berlin</time-zone></system></configuration></rpc-reply>")));
        assertEquals(Optional.empty(), DeviceReplies.timeZoneText(xml("<rpc-reply><configuration/></rpc-reply>")));
    }

    @Test
    void mkaSessionsDuringARollover() throws Exception {
        Element mka = xml("<rpc-reply><mka-session-summary-information>"
                + "<mka-session-information><interface-name>et-0/0/0</interface-name>"
                + "<interface-state>Secured - Primary</interface-state><member-identifier>64B9F944EC9D6A5022BD2D13</member-identifier>"
                + "<cak-name>C1C1</cak-name><latest-sak-an>1</latest-sak-an>"
                + "<latest-sak-key-identifier>64B9F944EC9D6A5022BD2D13/2</latest-sak-key-identifier></mka-session-information>"
                + "<mka-session-information><interface-name>et-0/0/0</interface-name>"
                + "<interface-state>Live - Preceding</interface-state><cak-name>BBBB</cak-name>"
                + "<latest-sak-key-identifier>000000000000000000000000/0</latest-sak-key-identifier></mka-session-information>"
                + "<mka-session-information><interface-name>et-0/0/9</interface-name><interface-state>Secured - Primary"
                + "</interface-state><cak-name>DDDD</cak-name></mka-session-information>"
                + "</mka-session-summary-information></rpc-reply>");
        Element hakr = xml("<rpc-reply><hakr-keychain-information><hakr-keychain><hakr-keychain-name>QKD_CA1</hakr-keychain-name>"
                + "<hakr-keychain-active-send-key>1</hakr-keychain-active-send-key>"
                + "<hakr-keychain-active-receive-key>1</hakr-keychain-active-receive-key>"
                + "<hakr-keychain-next-send-key>3</hakr-keychain-next-send-key>"
                + "<hakr-keychain-next-key-time>2026-07-10 22:47:00 CEST</hakr-keychain-next-key-time>"
                + "</hakr-keychain></hakr-keychain-information></rpc-reply>");
        String summary = DeviceReplies.hakrSummary(hakr, "QKD_CA1");
        assertEquals("key chain QKD_CA1: send key 1, receive key 1, next send key 3, next key time 2026-07-10 22:47:00 CEST", summary);
        List<MkaSession> s = DeviceReplies.mkaSessions(mka, "et-0/0/0", summary);
        assertEquals(2, s.size());
        assertEquals(new MkaSession("et-0/0/0", "c1c1", MkaRole.PRIMARY, true, 1, Optional.of(1),
                "Secured - Primary, latest SAK 64B9F944EC9D6A5022BD2D13/2; " + summary), s.get(0));
        assertEquals(MkaRole.PRECEDING, s.get(1).role());
        assertFalse(s.get(1).secured());
        assertEquals(0, s.get(1).livePeers());
        assertEquals("", DeviceReplies.hakrSummary(hakr, "OTHER"));
    }

    @Test
    void portConfigReadsKeysBindingsAndStartTimesInTheDeviceZone() throws Exception {
        Element r = xml("<rpc-reply><configuration><security><authentication-key-chains><key-chain><name>QKD_CA1</name>"
                + "<key><name>2</name><secret>[redacted]</secret><key-name>C1C1</key-name><start-time>2026-07-10.21:47:00</start-time></key>"
                + "<key><name>5</name><key-name>c2c2</key-name><start-time>2026-07-10.19:47:00 +0000</start-time></key>"
                + "<key><name>6</name><key-name>c3c3</key-name></key>"
                + "</key-chain></authentication-key-chains><macsec><connectivity-association><name>CA1</name>"
                + "<cipher-suite>gcm-aes-xpn-256</cipher-suite><security-mode>static-cak</security-mode>"
                + "<pre-shared-key-chain>QKD_CA1</pre-shared-key-chain></connectivity-association>"
                + "<interfaces><name>et-0/0/0</name><connectivity-association>CA1</connectivity-association></interfaces>"
                + "</macsec></security></configuration></rpc-reply>");
        PortConfig c = PortConfig.parse(r, KeyChainChangeTest.PORT, ZoneId.of("Europe/Berlin"));
        assertEquals(List.of(new PortConfig.Key(2, "c1c1", Optional.of(Instant.parse("2026-07-10T19:47:00Z"))),
                new PortConfig.Key(5, "c2c2", Optional.of(Instant.parse("2026-07-10T19:47:00Z"))),
                new PortConfig.Key(6, "c3c3", Optional.empty())), c.keys());
        assertEquals(KeyChainChangeTest.bound(c.keys()), c);
        assertEquals(Optional.of("CA1"), c.view(KeyChainChangeTest.PORT).boundCa());
        assertEquals("2", c.view(KeyChainChangeTest.PORT).slot("C1C1").orElseThrow().slotId());
        PortConfig none = PortConfig.parse(xml("<rpc-reply><configuration/></rpc-reply>"), KeyChainChangeTest.PORT, ZoneOffset.UTC);
        assertFalse(none.caPresent());
        assertTrue(none.keys().isEmpty());
    }
}
