package org.qkdmacsec.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.controller.inventory.RepoFiles;

class InventoryCommandsTest {
    private static final String LAB = RepoFiles.of("inventory/lab.yaml").toString();
    private static final String BAD = RepoFiles.of("inventory/examples/invalid/many-problems.yaml").toString();

    @Test
    void checkPassesValidAndListsEveryProblemOfInvalidFiles() {
        CliRun ok = CliRun.of("inventory", "check", LAB, RepoFiles.of("inventory/examples/backbone.yaml").toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains(LAB + ": ok (6 devices, 2 KMEs, 4 links)"), ok.out());
        assertTrue(ok.out().contains("backbone.yaml: ok (3 devices, 3 KMEs, 2 links)"), ok.out());

        CliRun bad = CliRun.of("inventory", "check", LAB, BAD);
        assertEquals(2, bad.code());
        assertTrue(bad.out().contains(BAD + ":10:13: devices[1].vendor: unknown vendor 'eos' (use junos, iosxr or linux)"), bad.out());
        assertEquals(6, bad.out().lines().count(), bad.out());
    }

    @Test
    void checkAsJson() throws Exception {
        CliRun r = CliRun.of("inventory", "check", "-o", "json", BAD);
        assertEquals(2, r.code());
        JsonNode file = new ObjectMapper().readTree(r.out()).get("files").get(0);
        assertEquals(false, file.get("valid").asBoolean());
        assertEquals(5, file.get("errors").size());
        assertEquals("links[0].keyring-slots", file.get("errors").get(3).get("field").asText());
        assertEquals(31, file.get("errors").get(3).get("line").asInt());
    }

    @Test
    void showListsLinksWithDefaults() throws Exception {
        CliRun r = CliRun.of("inventory", "show", LAB);
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].matches("LINK +SIDE A +SIDE B +ENC +KMES \\(A/B\\) +CIPHER.*"), r.out());
        assertTrue(lines[1].matches("r1-r2 +r1:ge-0/0/1 +r2:ge-0/0/1 +a +kme-a/kme-b +gcm-aes-xpn-256 +1h +1m +1m +2m +2 +QKD_KC_r1-r2 +direct"), lines[1]);

        CliRun j = CliRun.of("inventory", "show", "-o", "json", RepoFiles.of("inventory/examples/backbone.yaml").toString());
        JsonNode root = new ObjectMapper().readTree(j.out());
        assertEquals("env:QKD_IOSXR_PASSWORD", root.get("devices").get(1).get("password").asText());
        assertEquals("hkdf-sha3-256", root.get("links").get(0).get("key-derivation").get("method").asText());
        assertEquals("file:/var/lib/qkd-macsec/pqc-vie-graz.hex", root.get("links").get(0).get("key-derivation").get("secrets").get(0).asText());
        assertEquals("b", root.get("links").get(0).get("enc-side").asText());
        JsonNode options = root.get("links").get(0).get("b").get("options");
        assertEquals("macsec-graz", options.get("macsec-device").asText(), "a Linux side's port options, with defaults filled in");
        assertEquals(1, options.get("sci-port").asInt());
        assertEquals(128, options.get("replay-window").asInt());
        assertEquals("QKD_CA_vie-core", root.get("links").get(1).get("ca").asText());
    }

    @Test
    void invalidInventoryIsAUsageErrorOnStderr() {
        CliRun r = CliRun.of("inventory", "show", BAD);
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().contains("many-problems.yaml:28:9: links[0].id: invalid link id 'r1/r2'"), r.err());
        assertEquals(2, CliRun.of("inventory", "show").code(), "missing FILE");
        assertEquals(2, CliRun.of("inventory").code(), "missing subcommand");
    }
}
