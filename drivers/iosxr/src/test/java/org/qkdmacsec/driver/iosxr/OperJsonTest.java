package org.qkdmacsec.driver.iosxr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.spi.MkaSession;

/** JSON_IETF of the MKA oper and shellutil oper models, shaped as their YANG leaves. */
class OperJsonTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void readsMkaSessionCas() throws Exception {
        String value = "{\"session-summary\":{\"interface-name\":\"Hu0/0/0/0\",\"mka-cipher-suite\":\"AES-256-CMAC\"},"
                + "\"vp\":{\"latest-an\":2,\"latest-rx\":true,\"latest-tx\":true},"
                + "\"ca\":[{\"ckn\":\"B2B2\",\"status\":1,\"status-description\":\"Secured MKA Session with MACsec\","
                + "\"authentication-mode\":\"PRIMARY-PSK\",\"key-chain\":\"QKD_KC\",\"num-live-peers\":1,"
                + "\"num-live-peers-responded\":1,\"is-key-server\":true,\"my-mi\":\"A880\",\"my-mn\":\"17\"},"
                + "{\"ckn\":\"fb01\",\"status\":0,\"status-description\":\"Not Secured\","
                + "\"authentication-mode\":\"FALLBACK-PSK\",\"num-live-peers\":\"0\"}]}";
        List<MkaSession> s = OperJson.mka(json.readTree(value), "Hu0/0/0/0");
        assertEquals(2, s.size());
        assertEquals("b2b2", s.get(0).ckn());
        assertTrue(s.get(0).secured());
        assertEquals(MkaSession.MkaRole.PRIMARY, s.get(0).role());
        assertEquals(Optional.of(2), s.get(0).latestAn());
        assertFalse(s.get(1).secured());
        assertEquals(MkaSession.MkaRole.FALLBACK, s.get(1).role());
        assertEquals(Optional.empty(), s.get(1).latestAn());
    }

    @Test
    void readsTheSystemClock() throws Exception {
        String value = "{\"Cisco-IOS-XR-shellutil-oper:system-time\":{\"clock\":{\"year\":2026,\"month\":7,\"day\":10,"
                + "\"hour\":19,\"minute\":50,\"second\":2,\"millisecond\":120,\"wday\":5,\"time-zone\":\"CEST\","
                + "\"time-source\":\"ntp\"},\"uptime\":{\"host-name\":\"xr1\",\"uptime\":86400}}}";
        ClockReading c = OperJson.clock(json.readTree(value), Instant.parse("2026-07-10T17:50:02Z"));
        assertEquals(LocalDateTime.of(2026, 7, 10, 19, 50, 2, 120_000_000), c.localTime());
        assertEquals("CEST", c.zoneName());
        assertTrue(c.ntp());
        assertEquals("xr1", c.hostname());
    }

    @Test
    void readsAChainWithDurationAndGmt() throws Exception {
        String value = "{\"key-chain-name\":\"K\",\"timezone\":{\"gmt\":[null]},\"macsec\":{\"keys\":{\"key\":"
                + "{\"ckn\":\"AB\",\"lifetime\":{\"start-time\":{\"hour\":1,\"minute\":0,\"second\":0,\"month\":\"january\","
                + "\"day-of-month\":1,\"year\":2026},\"duration\":\"86400\"}}}}}";
        ChainRead c = KeyChainJson.parse(json.readTree(value), "K");
        assertEquals(ChainRead.Zone.GMT, c.zone().orElseThrow());
        assertEquals("ab", c.keys().get(0).ckn());
        assertEquals(86400, c.keys().get(0).durationSeconds().getAsLong());
    }
}
