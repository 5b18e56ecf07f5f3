package org.qkdmacsec.lab.iosxr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.key;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.keyJson;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.path;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.psk;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.time;
import static org.qkdmacsec.lab.iosxr.GnmiTestClient.update;

import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.gnmi.SetRequest;
import org.qkdmacsec.gnmi.Update;
import org.qkdmacsec.lab.models.GnmiSetTree;
import org.qkdmacsec.lab.models.VendorModels;
import org.qkdmacsec.lab.models.VendorModels.Release;
import org.qkdmacsec.lab.pki.TestPki;
import org.qkdmacsec.lab.time.ManualClock;

/**
 * The simulator's verdict on a gNMI Set against Cisco's: each value is sent to the simulator and, as the
 * RFC 7951 tree it writes, to yanglint with the 24.4.2 and 7.11.1 models. They must agree, accepted or
 * refused, case by case.
 */
class XrModelCrossCheckTest {
    private static final String IF = "HundredGigE0/0/0/0";
    private static final String CAK = "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF";

    @TempDir
    Path dir;

    private static String lifetime(int year, String end) {
        return "\"start-time\":" + time(19, 47, 0, "july", 10, year) + "," + end;
    }

    private static Update newKey(String ckn, String lifetimeBody) {
        return update(key("QKD", ckn), keyJson(ckn, Type7.encode(CAK, 7), "aes-256-cmac", lifetimeBody));
    }

    private static Update description(String text) {
        return update(path("Cisco-IOS-XR-um-interface-cfg:interfaces", "interface", Map.of("interface-name", IF), "description"),
                GnmiTestClient.JSON.valueToTree(text).toString());
    }

    private static Update binding(String chain, String policy) {
        return update(psk(IF), "{\"keychain-name\":\"" + chain + "\"" + (policy == null ? "" : ",\"policy\":\"" + policy + "\"") + "}");
    }

    @Test
    void theSimulatorAcceptsWhatCiscosModelsAcceptAndRefusesWhatTheyRefuse() throws Exception {
        Map<String, Update> cases = new LinkedHashMap<>();
        cases.put("a key with an infinite lifetime, {}", newKey("0a01", lifetime(2026, "\"infinite\":{}")));
        cases.put("a key with an infinite lifetime written [null]", newKey("0a02", lifetime(2026, "\"infinite\":[null]")));
        cases.put("a key with an end-time", newKey("0a03", lifetime(2026, "\"end-time\":" + time(20, 0, 0, "july", 10, 2035))));
        cases.put("a key ending in 2036", newKey("0a04", lifetime(2026, "\"end-time\":" + time(20, 0, 0, "july", 10, 2036))));
        cases.put("a key starting in 1992", newKey("0a05", lifetime(1992, "\"infinite\":{}")));
        cases.put("an hour written as a string", update(key("QKD", "0a06"), keyJson("0a06", Type7.encode(CAK, 7), "aes-256-cmac",
                "\"start-time\":{\"hour\":\"19\",\"minute\":47,\"second\":0,\"month\":\"july\",\"day-of-month\":10,\"year\":2026},"
                        + "\"infinite\":{}")));
        cases.put("a CKN of 66 digits", newKey("ab".repeat(33), lifetime(2026, "\"infinite\":{}")));
        cases.put("a binding with a 16-character policy", binding("QKD", "P".repeat(16)));
        cases.put("a binding with a 17-character policy", binding("QKD", "P".repeat(17)));
        cases.put("a binding with a policy holding a slash", binding("QKD", "pol/x"));
        cases.put("a binding to a 33-character chain", binding("K".repeat(33), null));
        cases.put("a description", description("qkd key_ID 6f1c2a9e ckn 4e4f8e3e"));
        cases.put("an empty description", description(""));
        cases.put("a description of 1025 characters", description("d".repeat(1025)));

        VendorModels models = VendorModels.locate();
        ManualClock clock = new ManualClock(Instant.parse("2026-07-10T10:00:00Z"));
        List<String> disagreements = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        try (IosXrSimulator xr = IosXrSimulator.builder().hostname("xr1").credentials("lab", "pw-for-lab".toCharArray())
                .pki(TestPki.create(dir)).clock(clock).timeZone(ZoneId.of("Europe/Berlin")).interfaces(IF).build();
             GnmiTestClient client = new GnmiTestClient(xr.gnmiPort(), xr.caBundle(), "lab", "pw-for-lab")) {
            for (Map.Entry<String, Update> c : cases.entrySet()) {
                SetRequest set = SetRequest.newBuilder().addReplace(c.getValue()).build();
                boolean simulator;
                try {
                    client.call().set(set);
                    simulator = true;
                } catch (StatusRuntimeException e) {
                    simulator = false;
                }
                if (simulator) {
                    accepted.add(c.getKey());
                }
                for (Release r : List.of(Release.IOSXR_24_4_2, Release.IOSXR_7_11_1)) {
                    VendorModels.Verdict cisco = models.check(r, GnmiSetTree.json(set));
                    if (cisco.accepted() != simulator) {
                        disagreements.add(c.getKey() + " (" + r.folder() + "): simulator " + (simulator ? "accepts" : "refuses")
                                + ", model " + cisco);
                    }
                }
            }
        }
        assertEquals(List.of(), disagreements);
        assertEquals(List.of("a key with an infinite lifetime, {}", "a key with an end-time", "a binding with a 16-character policy",
                "a description"), accepted);
    }
}
