package org.qkdmacsec.lab.iosxr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.chain;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.key;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.keyJson;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.path;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.psk;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.time;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Duration;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.gnmi.CapabilityRequest;
import org.qkdmacsec.gnmi.CapabilityResponse;
import org.qkdmacsec.gnmi.Encoding;
import org.qkdmacsec.gnmi.GetRequest;
import org.qkdmacsec.gnmi.ModelData;
import org.qkdmacsec.gnmi.SetRequest;
import org.qkdmacsec.gnmi.ext.Commit;
import org.qkdmacsec.gnmi.ext.CommitCancel;
import org.qkdmacsec.gnmi.ext.CommitConfirm;
import org.qkdmacsec.gnmi.ext.CommitRequest;
import org.qkdmacsec.gnmi.ext.Extension;
import org.qkdmacsec.lab.pki.TestPki;
import org.qkdmacsec.lab.time.ManualClock;

class GnmiSimulatorTest {
    static final String CAK = "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF";
    static final String CAK128 = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    static final String USER = "lab";
    static final String PASS = "lab-secret-pw";
    static final String IF = "HundredGigE0/0/0/0";

    @TempDir
    static Path dir;
    static TestPki pki;
    final ManualClock clock = new ManualClock(Instant.parse("2026-07-10T10:00:00Z"));
    IosXrSimulator xr;
    GnmiTestClient client;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(dir);
    }

    void start(boolean commitConfirmed) throws Exception {
        xr = IosXrSimulator.builder().hostname("xr1").credentials(USER, PASS.toCharArray()).pki(pki).clock(clock)
                .timeZone(ZoneId.of("Europe/Berlin")).interfaces(IF).advertiseCommitConfirmed(commitConfirmed).build();
        client = new GnmiTestClient(xr.gnmiPort(), xr.caBundle(), USER, PASS);
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (xr != null) {
            xr.close();
        }
    }

    static String k1(String ckn) {
        return keyJson(ckn, Type7.encode(CAK, 5), "aes-256-cmac",
                "\"start-time\":" + time(12, 0, 0, "july", 10, 2026) + ",\"end-time\":" + time(13, 0, 0, "july", 10, 2026));
    }

    @Test
    void capabilitiesListModelsAndEncodingAndCommitConfirmed() throws Exception {
        start(true);
        CapabilityResponse caps = client.call().capabilities(CapabilityRequest.getDefaultInstance());
        List<String> models = caps.getSupportedModelsList().stream().map(ModelData::getName).toList();
        assertTrue(models.containsAll(List.of("Cisco-IOS-XR-um-key-chain-cfg", "Cisco-IOS-XR-crypto-macsec-mka-oper")), models.toString());
        assertEquals(List.of(Encoding.JSON_IETF), caps.getSupportedEncodingsList());
        assertTrue(caps.getExtensionList().stream().anyMatch(Extension::hasCommit));
    }

    @Test
    void withoutCommitConfirmedTheExtensionIsNeitherAdvertisedNorAccepted() throws Exception {
        start(false);
        assertTrue(client.call().capabilities(CapabilityRequest.getDefaultInstance()).getExtensionList().isEmpty());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.call().set(SetRequest.newBuilder()
                .addUpdate(update(key("QKD", "0a01"), k1("0a01")))
                .addExtension(commitExt(Commit.newBuilder().setId("c1").setCommit(CommitRequest.getDefaultInstance()))).build()));
        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
    }

    @Test
    void everyCallNeedsTheRightCredentials() throws Exception {
        start(true);
        try (GnmiTestClient anonymous = new GnmiTestClient(xr.gnmiPort(), xr.caBundle(), null, null);
             GnmiTestClient wrong = new GnmiTestClient(xr.gnmiPort(), xr.caBundle(), USER, "not-it")) {
            for (GnmiTestClient c : List.of(anonymous, wrong)) {
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> c.call().capabilities(CapabilityRequest.getDefaultInstance()));
                assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
                e = assertThrows(StatusRuntimeException.class, () -> c.set(update(key("QKD", "0a01"), k1("0a01"))));
                assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
            }
        }
        assertTrue(xr.runningConfig().isBlank(), "nothing was configured");
    }

    @Test
    void setThenGetRoundTrips() throws Exception {
        start(true);
        client.set(update(key("QKD", "0a01"), k1("0a01")),
                update(key("QKD", "0a02"), keyJson("0a02", Type7.encode(CAK128, 9), "aes-128-cmac",
                        "\"start-time\":" + time(12, 30, 0, "july", 10, 2026) + ",\"duration\":3600")),
                update(psk(IF), "{\"keychain-name\":\"QKD\",\"policy\":\"POL\"}"));

        JsonNode chain = client.get(chain("QKD"));
        assertEquals("QKD", chain.get("key-chain-name").asText());
        JsonNode keys = chain.at("/macsec/keys/key");
        assertEquals(2, keys.size());
        JsonNode k1 = keys.get(0);
        assertEquals("0a01", k1.get("ckn").asText());
        assertEquals(CAK, Type7.decode(k1.at("/key-string/password").asText()));
        assertEquals("aes-256-cmac", k1.at("/key-string/cryptographic-algorithm").asText());
        assertEquals("july", k1.at("/lifetime/end-time/month").asText());
        assertEquals(13, k1.at("/lifetime/end-time/hour").asInt());
        assertEquals(3600, keys.get(1).at("/lifetime/duration").asInt());

        // A leaf, and an update that moves the end-time of one key only.
        assertEquals(3600, client.get(GnmiTestClient.path("Cisco-IOS-XR-um-key-chain-cfg:key", "chains", "chain", Map.of("key-chain-name", "QKD"),
                "macsec", "keys", "key", Map.of("ckn", "0a02"), "lifetime", "duration")).asInt());
        client.set(update(path("Cisco-IOS-XR-um-key-chain-cfg:key", "chains", "chain", Map.of("key-chain-name", "QKD"),
                "macsec", "keys", "key", Map.of("ckn", "0a01"), "lifetime", "end-time"), time(12, 31, 0, "july", 10, 2026)));
        assertEquals(31, client.get(key("QKD", "0a01")).at("/lifetime/end-time/minute").asInt());

        // The module may also come as the origin, with unqualified elements.
        assertEquals(2, client.get(path("key", "chains", "chain", Map.of("key-chain-name", "QKD"), "macsec", "keys", "key").toBuilder()
                .setOrigin("Cisco-IOS-XR-um-key-chain-cfg").build()).size());
        JsonNode binding = client.get(path("Cisco-IOS-XR-um-interface-cfg:interfaces", "interface", Map.of("interface-name", IF)));
        assertEquals("QKD", binding.at("/Cisco-IOS-XR-um-macsec-cfg:macsec/psk-keychain/keychain-name").asText(), binding.toString());

        // The CLI sees what gNMI committed.
        assertTrue(xr.runningConfig().contains(" macsec psk-keychain QKD policy POL"), xr.runningConfig());

        // Delete one key; a Get of it is NOT_FOUND.
        client.call().set(SetRequest.newBuilder().addDelete(key("QKD", "0a02")).build());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.get(key("QKD", "0a02")));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    }

    @Test
    void setIsRejectedAsAWholeWhenOneKeyIsInvalid() throws Exception {
        start(true);
        client.set(update(key("QKD", "0a01"), k1("0a01")));
        String before = xr.runningConfig();
        String badLength = keyJson("0a03", Type7.encode(CAK.substring(0, 40), 2), "aes-256-cmac",
                "\"start-time\":" + time(12, 0, 0, "july", 10, 2026) + ",\"infinite\":{}");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.call().set(SetRequest.newBuilder()
                .addDelete(key("QKD", "0a01"))
                .addUpdate(update(key("QKD", "0a02"), k1("0a02")))
                .addUpdate(update(key("QKD", "0a03"), badLength)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        String msg = e.getStatus().getDescription();
        assertTrue(msg.startsWith("Failed to commit one or more configuration items during a pseudo-atomic operation."), msg);
        assertTrue(msg.contains("key chain QKD macsec key 0a03 key-string password <hidden> cryptographic-algorithm aes-256-cmac: "
                + "Invalid argument: key-string decodes to 40 hex digits; aes-256-cmac needs 64"), msg);
        assertEquals(before, xr.runningConfig(), "delete and the valid update were rolled back too");

        e = assertThrows(StatusRuntimeException.class, () -> client.set(update(key("QKD", "0a04"),
                keyJson("0a04", Type7.encode(CAK, 1), "aes-256-cmac", "\"start-time\":" + time(12, 0, 0, "smarch", 10, 2026) + ",\"infinite\":{}"))));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("expected one of january, february"), e.getStatus().getDescription());

        e = assertThrows(StatusRuntimeException.class, () -> client.set(update(key("QKD", "0a05"),
                keyJson("0a05", Type7.encode(CAK, 1), "aes-256-cmac", "\"start-time\":" + time(12, 0, 0, "july", 10, 2026)
                        + ",\"end-time\":" + time(11, 0, 0, "july", 10, 2026)))));
        assertTrue(e.getStatus().getDescription().contains("end-time must be later than start-time"), e.getStatus().getDescription());
        assertEquals(before, xr.runningConfig());
    }

    @Test
    void commitConfirmedRollsBackOnTheSimulatorClockUnlessConfirmed() throws Exception {
        start(true);
        client.call().set(SetRequest.newBuilder().addUpdate(update(key("QKD", "0a01"), k1("0a01")))
                .addExtension(commitExt(Commit.newBuilder().setId("c1").setCommit(CommitRequest.newBuilder()
                        .setRollbackDuration(Duration.newBuilder().setSeconds(60))))).build());
        assertEquals(Instant.parse("2026-07-10T10:01:00Z"), xr.pendingCommitDeadline().orElseThrow());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.set(update(key("QKD", "0a02"), k1("0a02"))));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        e = assertThrows(StatusRuntimeException.class, () -> client.call().set(SetRequest.newBuilder()
                .addExtension(commitExt(Commit.newBuilder().setId("other").setConfirm(CommitConfirm.getDefaultInstance()))).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), "confirm with another id");
        clock.advance(java.time.Duration.ofSeconds(60));
        e = assertThrows(StatusRuntimeException.class, () -> client.get(key("QKD", "0a01")));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode(), "rolled back at the deadline");

        client.call().set(SetRequest.newBuilder().addUpdate(update(key("QKD", "0a01"), k1("0a01")))
                .addExtension(commitExt(Commit.newBuilder().setId("c2").setCommit(CommitRequest.getDefaultInstance()))).build());
        clock.advance(java.time.Duration.ofMinutes(9));
        client.call().set(SetRequest.newBuilder()
                .addExtension(commitExt(Commit.newBuilder().setId("c2").setConfirm(CommitConfirm.getDefaultInstance()))).build());
        clock.advance(java.time.Duration.ofHours(1));
        assertEquals("0a01", client.get(key("QKD", "0a01")).get("ckn").asText(), "confirmed");
        assertTrue(xr.pendingCommitDeadline().isEmpty());

        client.call().set(SetRequest.newBuilder().addDelete(key("QKD", "0a01"))
                .addExtension(commitExt(Commit.newBuilder().setId("c3").setCommit(CommitRequest.getDefaultInstance()))).build());
        assertThrows(StatusRuntimeException.class, () -> client.get(key("QKD", "0a01")));
        client.call().set(SetRequest.newBuilder()
                .addExtension(commitExt(Commit.newBuilder().setId("c3").setCancel(CommitCancel.getDefaultInstance()))).build());
        assertEquals("0a01", client.get(key("QKD", "0a01")).get("ckn").asText(), "cancel restores at once");
    }

    @Test
    void mkaOperSessionWithoutAPeerIsPending() throws Exception {
        start(true);
        clock.advance(java.time.Duration.ofMinutes(30));   // 12:30 in Berlin: key 0a01 (12:00-13:00) is valid
        client.set(update(key("QKD", "0a01"), k1("0a01")), update(psk(IF), "{\"keychain-name\":\"QKD\"}"));
        JsonNode s = client.get(path("Cisco-IOS-XR-crypto-macsec-mka-oper:macsec", "mka", "interfaces", "interface", Map.of("name", "Hu0/0/0/0"), "session"));
        assertEquals("Hu0/0/0/0", s.at("/session-summary/interface-name").asText());
        assertEquals("0a01", s.at("/ca/0/ckn").asText());
        assertEquals(0, s.at("/ca/0/status").asInt());
        assertEquals("QKD", s.at("/ca/0/key-chain").asText());
        assertEquals("AES-256-CMAC", s.at("/session-summary/mka-cipher-suite").asText());
    }

    @Test
    void gnmiCanBeMadeUnreachableAndBack() throws Exception {
        start(true);
        xr.setGnmiReachable(false);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.call().capabilities(CapabilityRequest.getDefaultInstance()));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        xr.setGnmiReachable(true);
        try (GnmiTestClient again = new GnmiTestClient(xr.gnmiPort(), xr.caBundle(), USER, PASS)) {
            assertFalse(again.call().capabilities(CapabilityRequest.getDefaultInstance()).getSupportedModelsList().isEmpty());
        }
    }

    @Test
    void faultsFailOrDropASet() throws Exception {
        start(true);
        xr.faults().failNextCommit("'sysdb' detected the 'warning' condition 'A SysDB client tried to access a nonexistent item'");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.set(update(key("QKD", "0a01"), k1("0a01"))));
        assertEquals(Status.Code.ABORTED, e.getStatus().getCode());
        assertTrue(xr.runningConfig().isBlank());

        xr.faults().dropNextSet(Faults.When.AFTER);
        e = assertThrows(StatusRuntimeException.class, () -> client.set(update(key("QKD", "0a01"), k1("0a01"))));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertTrue(xr.runningConfig().contains("key 0a01"), "applied although the client saw a failure");

        xr.faults().slowCommits(java.time.Duration.ofSeconds(3));
        e = assertThrows(StatusRuntimeException.class, () -> client.stub.withDeadlineAfter(1, java.util.concurrent.TimeUnit.SECONDS)
                .set(SetRequest.newBuilder().addDelete(key("QKD", "0a01")).build()));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        xr.faults().reset();
    }

    @Test
    void getRejectsOtherEncodingsAndUnknownPaths() throws Exception {
        start(true);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.call().get(
                GetRequest.newBuilder().addPath(chain("QKD")).setEncoding(Encoding.JSON).build()));
        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
        e = assertThrows(StatusRuntimeException.class, () -> client.get(path("Cisco-IOS-XR-um-key-chain-cfg:key", "chains", "chain",
                Map.of("name", "QKD"))));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("keyed by 'key-chain-name'"), e.getStatus().getDescription());
        e = assertThrows(StatusRuntimeException.class, () -> client.set(update(key("QKD", "0a01"), "{\"ckn\":\"0a01\",\"colour\":\"blue\"}")));
        assertTrue(e.getStatus().getDescription().contains("unknown element 'colour'"), e.getStatus().getDescription());
    }

    @Test
    void keyMaterialNeverReachesLogsOrErrorMessages() throws Exception {
        LogCapture logs = LogCapture.start();
        try {
            start(true);
            client.set(update(key("QKD", "0a01"), k1("0a01")));
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.set(update(key("QKD", "0a09"),
                    keyJson("0a09", Type7.encode(CAK, 4), "aes-128-cmac", "\"start-time\":" + time(12, 0, 0, "july", 10, 2026) + ",\"infinite\":{}"))));
            String seen = logs.text() + e.getStatus().getDescription();
            byte[] cak = HexFormat.of().parseHex(CAK);
            for (String secret : List.of(CAK, CAK.toLowerCase(Locale.ROOT), Base64.getEncoder().encodeToString(cak), Type7.encode(CAK, 4), Type7.encode(CAK, 5))) {
                assertFalse(seen.contains(secret), "leaked: " + secret);
            }
        } finally {
            logs.stop();
        }
    }

    static Extension commitExt(Commit.Builder c) {
        return Extension.newBuilder().setCommit(c).build();
    }
}
