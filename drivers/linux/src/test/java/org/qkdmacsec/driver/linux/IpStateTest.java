package org.qkdmacsec.driver.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Parsing real {@code ip -j -d -s -batch -} output captured from the kernel lab (src/test/resources/ip-json). */
class IpStateTest {
    static String fixture(String name) {
        try (InputStream in = IpStateTest.class.getResourceAsStream("/ip-json/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aFreshNamespaceHasTheVethAndNoMacsec() {
        IpState s = IpState.parse(fixture("fresh.json"));
        assertEquals("02:00:00:00:00:0a", s.link("va").orElseThrow().mac());
        assertEquals(Optional.of("veth"), s.link("va").orElseThrow().kind());
        assertTrue(s.secys().isEmpty());
    }

    @Test
    void aSwitchedLinkShowsBothKeysItsCountersAndTheRecord() {
        IpState s = IpState.parse(fixture("switched.json"));
        IpState.Link link = s.link("macsec0").orElseThrow();
        assertEquals(Optional.of("va"), link.parent());
        assertEquals(Optional.of("macsec"), link.kind());
        assertTrue(link.alias().orElseThrow().startsWith("qkd-macsec kn=2 "));
        IpState.SecY y = s.secy("macsec0").orElseThrow();
        assertEquals("gcm-aes-xpn-256", y.cipher());
        assertTrue(y.encrypt() && y.replay() && y.sendSci());
        assertEquals("strict", y.validate());
        assertEquals(64, y.window());
        assertEquals(Sci.parse("02000000000a0001"), y.sci());
        assertEquals(1, y.encodingSa());
        assertEquals(List.of(0, 1), y.txSas().stream().map(IpState.TxSa::an).toList());
        assertEquals("a0b1c2d3e4f5061728394a5b6c7d8e9f", y.txSa(1).orElseThrow().keyId());
        IpState.RxSc rx = y.rxSc(Sci.parse("02000000000b0001")).orElseThrow();
        assertTrue(rx.active());
        assertEquals(2, rx.sas().size());
        assertTrue(rx.counters().get("InPktsOK") > 0);
        assertEquals(0, y.receiveErrors());
    }

    @Test
    void theNegativeControlShowsUpInTheErrorCounters() {
        IpState.SecY y = IpState.parse(fixture("peer-lacks-rx-sa.json")).secy("macsec0").orElseThrow();
        assertTrue(y.receiveErrors() > 0, "InPktsNotUsingSA counted");
    }

    @Test
    void twoMacsecDevicesWithDifferentCiphers() {
        IpState s = IpState.parse(fixture("switched-plus-gcm128.json"));
        assertEquals("gcm-aes-128", s.secy("macsec1").orElseThrow().cipher());
        assertFalse(s.secy("macsec1").orElseThrow().encrypt());
        assertEquals(Optional.of("va"), s.link("macsec1").orElseThrow().parent());
    }

    @Test
    void malformedOrTruncatedOutputIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> IpState.parse("[{\"ifname\":"));
        assertThrows(IllegalArgumentException.class, () -> IpState.parse("[]"));
        assertThrows(IllegalArgumentException.class, () -> IpState.parse("[{\"mtu\":1}]\n[]"));
    }

    @Test
    void sciReadsBothOfIproute2sSpellings() {
        assertEquals(Sci.parse("02000000000a0001"), Sci.parse("0x2000000000a0001"));
        assertEquals(Sci.of("02:00:00:00:00:0a", 1), Sci.parse("02000000000a0001"));
        assertEquals("02000000000a0001", Sci.parse("0x2000000000A0001").hex());
        assertThrows(IllegalArgumentException.class, () -> Sci.parse("0x12345678901234567"));
    }
}
