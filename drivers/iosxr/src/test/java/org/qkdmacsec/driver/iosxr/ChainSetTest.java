package org.qkdmacsec.driver.iosxr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkdmacsec.driver.iosxr.RolloverFixture.A;
import static org.qkdmacsec.driver.iosxr.RolloverFixture.B;
import static org.qkdmacsec.driver.iosxr.RolloverFixture.C;
import static org.qkdmacsec.driver.iosxr.RolloverFixture.CHAIN;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.gnmi.SetRequest;
import org.qkdmacsec.spi.Port;
import org.qkdmacsec.spi.Secret;

/** The gNMI Set for one rollover, byte for byte (this is the payload docs/drivers/iosxr.md shows). */
class ChainSetTest {

    @Test
    void oneRolloverIsOneSetWithDeleteAndTwoReplaces() {
        try (Secret cak = RolloverFixture.cak()) {
            ChainChange change = RolloverFixture.change(cak);
            SetRequest set = ChainSet.request(change);

            assertEquals(1, set.getDeleteCount());
            assertEquals("Cisco-IOS-XR-um-key-chain-cfg:key/chains/chain[key-chain-name=QKD_KC]/macsec/keys/key[ckn=" + C + "]",
                    XrPaths.text(set.getDelete(0)));
            assertEquals("", set.getDelete(0).getOrigin());
            assertEquals(0, set.getUpdateCount());
            assertEquals(0, set.getExtensionCount());
            assertEquals(2, set.getReplaceCount());

            assertEquals(XrPaths.macsecKey(CHAIN, B), set.getReplace(0).getPath());
            assertEquals("{\"ckn\":\"" + B + "\",\"key-string\":{\"password\":\"" + RolloverFixture.KEY_STRING
                    + "\",\"cryptographic-algorithm\":\"aes-256-cmac\"},\"lifetime\":{\"start-time\":{\"hour\":19,"
                    + "\"minute\":47,\"second\":0,\"month\":\"july\",\"day-of-month\":10,\"year\":2026},"
                    + "\"infinite\":{}}}", set.getReplace(0).getVal().getJsonIetfVal().toStringUtf8());

            assertEquals(XrPaths.lifetime(CHAIN, A), set.getReplace(1).getPath());
            assertEquals("{\"start-time\":{\"hour\":19,\"minute\":47,\"second\":0,\"month\":\"july\",\"day-of-month\":9,"
                    + "\"year\":2026},\"end-time\":{\"hour\":19,\"minute\":49,\"second\":0,\"month\":\"july\","
                    + "\"day-of-month\":10,\"year\":2026}}", set.getReplace(1).getVal().getJsonIetfVal().toStringUtf8());
            change.wipe();
        }
    }

    @Test
    void firstKeysOnAnUnboundInterfaceBindItInTheSameSet() throws Exception {
        try (Secret cak = RolloverFixture.cak()) {
            ChainChange change = RolloverFixture.change(RolloverFixture.first(cak), ChainRead.absent(), Optional.empty(),
                    Optional.empty());
            SetRequest set = ChainSet.request(change);
            assertEquals(0, set.getDeleteCount());
            assertEquals(2, set.getReplaceCount());
            assertEquals(XrPaths.macsecKey(CHAIN, A), set.getReplace(0).getPath());
            assertEquals("Cisco-IOS-XR-um-interface-cfg:interfaces/interface[interface-name=HundredGigE0/0/0/0]"
                    + "/Cisco-IOS-XR-um-macsec-cfg:macsec/psk-keychain", XrPaths.text(set.getReplace(1).getPath()));
            assertEquals("", set.getReplace(1).getPath().getOrigin());
            assertEquals("{\"keychain-name\":\"QKD_KC\"}", set.getReplace(1).getVal().getJsonIetfVal().toStringUtf8());

            var tree = new ObjectMapper().readTree(ChainSet.describe(change));
            assertEquals(0, tree.at("/delete").size());
            assertEquals("QKD_KC", tree.at("/replace/1/json_ietf_val/keychain-name").asText());
            change.wipe();

            ChainChange withPolicy = RolloverFixture.change(RolloverFixture.first(cak), ChainRead.absent(), Optional.empty(),
                    Optional.of("MSP"));
            assertEquals("{\"keychain-name\":\"QKD_KC\",\"policy\":\"MSP\"}",
                    ChainSet.request(withPolicy).getReplace(1).getVal().getJsonIetfVal().toStringUtf8());
            withPolicy.wipe();
        }
    }

    @Test
    void aBindingReadsBackThroughTheGetParser() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals(Optional.of(new PskBinding("QKD_KC", Optional.of("FB"), Optional.of("POL"))), BindingJson.parse(
                json.readTree("{\"keychain-name\":\"QKD_KC\",\"fallback-psk-keychain\":\"FB\",\"policy\":\"POL\"}")));
        assertEquals(Optional.of(new PskBinding("K", Optional.empty(), Optional.empty())), BindingJson.parse(json.readTree(
                "{\"Cisco-IOS-XR-um-macsec-cfg:macsec\":{\"psk-keychain\":{\"Cisco-IOS-XR-um-macsec-cfg:keychain-name\":\"K\"}}}")));
        assertEquals(Optional.empty(), BindingJson.parse(json.readTree("{}")));
    }

    @Test
    void theDescriptionIsValidJsonAndMasksTheKeyString() throws Exception {
        try (Secret cak = RolloverFixture.cak()) {
            ChainChange change = RolloverFixture.change(cak);
            String text = ChainSet.describe(change);
            change.wipe();
            var tree = new ObjectMapper().readTree(text);
            assertEquals(Redactor.MASK, tree.at("/replace/0/json_ietf_val/key-string/password").asText());
            assertEquals(49, tree.at("/replace/1/json_ietf_val/end-time/minute").asInt());
            assertFalse(text.toUpperCase(Locale.ROOT).contains(RolloverFixture.KEY_STRING));
            assertFalse(text.toLowerCase(Locale.ROOT).contains(RolloverFixture.CAK_HEX));
            assertTrue(text.contains(C));
        }
    }

    @Test
    void aRenderedKeyReadsBackThroughTheGetParser() throws Exception {
        try (Secret cak = RolloverFixture.cak()) {
            ChainChange change = RolloverFixture.change(cak);
            String key = new String(KeyChainJson.newKey(change.adds().get(0), false, false), StandardCharsets.UTF_8);
            change.wipe();
            String chain = "{\"Cisco-IOS-XR-um-key-chain-cfg:key\":{\"chains\":{\"chain\":[{\"key-chain-name\":\"QKD_KC\","
                    + "\"timezone\":{\"local\":[null]},\"macsec\":{\"keys\":{\"key\":[" + key + "]}}}]}}}";
            ChainRead read = KeyChainJson.parse(new ObjectMapper().readTree(chain), CHAIN);
            assertEquals(ChainRead.Zone.LOCAL, read.zone().orElseThrow());
            assertEquals(B, read.keys().get(0).ckn());
            assertEquals(RolloverFixture.T, read.keys().get(0).start().orElseThrow().toInstant(RolloverFixture.ZONE));
            assertTrue(read.keys().get(0).end().isEmpty());
        }
    }
    @Test
    void twoPortsAreOneSetWithEveryPortsDeletesReplacesAndUpdates() throws Exception {
        Port second = new Port("HundredGigE0/0/0/1", "POL", "QKD_KC2", RolloverFixture.PORT.cipher());
        try (Secret cak = RolloverFixture.cak(); Secret cak2 = RolloverFixture.cak()) {
            ChainChange one = RolloverFixture.change(RolloverFixture.plan(cak).withDescription("qkd one"), RolloverFixture.current(),
                    RolloverFixture.bound(), Optional.empty());
            ChainChange two = ChangeBuilder.build("xr1", second, RolloverFixture.first(cak2).withDescription("qkd two"),
                    ChainRead.absent(), InterfaceRead.none(), Optional.of("MSP"), RolloverFixture.ZONE,
                    RolloverFixture.T, s -> Type7.encodeCak(s, 11));
            SetRequest set = ChainSet.request(List.of(one, two));
            assertEquals(List.of(XrPaths.macsecKey(CHAIN, C)), set.getDeleteList());
            assertEquals(List.of(XrPaths.macsecKey(CHAIN, B), XrPaths.lifetime(CHAIN, A), XrPaths.macsecKey("QKD_KC2", A),
                    XrPaths.pskKeychain("HundredGigE0/0/0/1")), set.getReplaceList().stream().map(u -> u.getPath()).toList());
            assertEquals(List.of(XrPaths.interfaceDescription("HundredGigE0/0/0/0"), XrPaths.interfaceDescription("HundredGigE0/0/0/1")),
                    set.getUpdateList().stream().map(u -> u.getPath()).toList());
            var tree = new ObjectMapper().readTree(ChainSet.describe(List.of(one, two)));
            assertEquals(1, tree.get("delete").size());
            assertEquals(4, tree.get("replace").size());
            assertEquals(2, tree.get("update").size());
            assertEquals(Redactor.MASK, tree.at("/replace/2/json_ietf_val/key-string/password").asText());
            assertFalse(ChainSet.describe(List.of(one, two)).contains(RolloverFixture.KEY_STRING));
            // a single port's Set is the one-element list's
            assertEquals(ChainSet.request(one), ChainSet.request(List.of(one)));
            // docs/drivers/iosxr.md: "about 1.1 KB a port" (XrBatch.GNMI_PORTS); 2,197 bytes here
            assertTrue(set.getSerializedSize() < 2 * 1200, set.getSerializedSize() + " bytes");
            one.wipe();
            two.wipe();
        }
    }
}
