package org.qkdmacsec.controller.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.qkdmacsec.config.ConfigError;
import org.qkdmacsec.config.ConfigException;

/**
 * Every example inventory: the valid ones load and satisfy inventory/schema.json; each malformed one
 * under examples/invalid/ fails with exactly the errors listed here.
 */
class InventoryExamplesTest {
    private static final String INVALID = "inventory/examples/invalid/";

    /** File → the complete, exact error list the loader must report (paths relative to the repo root). */
    private static final Map<String, List<String>> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("unknown-field.yaml", List.of(
                    "9:5: devices[1].host: missing (the management address)",
                    "11:5: devices[1].hostname: unknown field (did you mean 'host'?)")),
            Map.entry("duplicate-device.yaml", List.of(
                    "9:11: devices[1].name: duplicate device name 'r1' (first defined at line 3)")),
            Map.entry("interface-on-two-links.yaml", List.of(
                    "37:32: links[1].a.interface: r1:ge-0/0/1 is already used by link 'r1-r2' (an interface carries one MACsec link)")),
            Map.entry("same-device-both-sides.yaml", List.of(
                    "29:17: links[0].b.device: both sides are on device 'r1' (a link joins two different devices)")),
            Map.entry("unknown-device.yaml", List.of(
                    "29:17: links[0].b.device: unknown device 'r9' (known devices: r1, r2)")),
            Map.entry("unknown-kme.yaml", List.of(
                    "29:47: links[0].b.kme: unknown KME 'kme-c' (known KMEs: kme-a, kme-b)")),
            Map.entry("cipher-key-size.yaml", List.of(
                    "31:15: links[0].key-size: 128-bit QKD keys are too short for gcm-aes-xpn-256 (its CAK needs 256 bits: raise key-size or choose a 128-bit cipher)")),
            Map.entry("invalid-sae-id.yaml", List.of(
                    "23:13: kmes[1].sae-id: invalid SAE ID 'sae b/2' (1-64 letters, digits, '.', '_' or '-', starting with a letter or digit)")),
            Map.entry("overlap-not-shorter.yaml", List.of(
                    "31:14: links[0].overlap: 10m is not shorter than the interval 10m (the previous key must retire before the next rollover)")),
            Map.entry("lead-not-shorter.yaml", List.of(
                    "31:11: links[0].lead: 2h is not shorter than the interval 1h (a new key must be staged and active before the next rollover)")),
            Map.entry("inline-secret.yaml", List.of(
                    "13:15: devices[1].password: inline secrets are not allowed (use env:NAME or file:PATH)")),
            Map.entry("bad-duration.yaml", List.of(
                    "30:26: links[0].schedule.interval: invalid duration '10 minutes' (use 90s, 10m, 1h, 1d or ISO-8601 such as PT1H)",
                    "30:46: links[0].schedule.jitter: invalid duration '30' (use 90s, 10m, 1h, 1d or ISO-8601 such as PT1H)")),
            Map.entry("http-without-insecure.yaml", List.of(
                    "22:10: kmes[1].url: plain http:// needs insecure: true (keys would cross the network unencrypted; prefer https://)")),
            Map.entry("missing-host-key.yaml", List.of(
                    "3:5: devices[0].host-key: missing host-key pin (add host-key: SHA256:... or known-hosts: PATH; unpinned hosts are refused)")),
            Map.entry("lab-unknown-references.yaml", List.of(
                    "31:17: lab.kmes[1]: unknown KME 'kme-z' (known KMEs: kme-a, kme-b)",
                    "34:5: lab.devices.r7: unknown device 'r7' (known devices: r1, r2)")),
            Map.entry("lab-router-settings.yaml", List.of(
                    "17:26: lab.devices.r1.commit-latency: invalid duration '3 seconds' (use 90s, 10m, 1h, 1d or ISO-8601 such as PT1H)",
                    "17:48: lab.devices.r1.time-zone: unknown time zone 'Europe/Nowhere' (use a region such as Europe/Berlin, or UTC)",
                    "18:26: lab.devices.l1.commit-latency: the kernel lab's Linux VM applies ip commands at once (commit-latency is for simulated Junos and IOS-XR routers; leave it out (0s) for Linux)",
                    "18:41: lab.devices.l1.time-zone: the kernel lab's Linux VM keeps the host's clock and zone (time-zone is for simulated Junos and IOS-XR routers)")),
            Map.entry("qupskd-needs-256.yaml", List.of(
                    "32:15: links[0].key-derivation.method: qupskd needs a 256-bit cipher, the link uses gcm-aes-128 (use gcm-aes-256 or gcm-aes-xpn-256)")),
            Map.entry("many-problems.yaml", List.of(
                    "10:13: devices[1].vendor: unknown vendor 'eos' (use junos, iosxr or linux)",
                    "19:19: kmes[0].read-timeout: invalid duration 'fast' (use 90s, 10m, 1h, 1d or ISO-8601 such as PT1H)",
                    "28:9: links[0].id: invalid link id 'r1/r2' (1-25 letters, digits, '_' or '-', starting with a letter or digit)",
                    "31:20: links[0].keyring-slots: 1 is out of range (allowed: 2 to 16)",
                    "32:15: links[0].enc-side: expected a or b, got 'c' (the side whose KME hands out new keys with enc_keys)")),
            Map.entry("kme-status-and-pins.yaml", List.of(
                    "11:13: kmes[0].status: unknown status mode 'strict' (use advisory (the default: /status informs), gate"
                            + " (/status must allow the rollover) or off)",
                    "12:26: kmes[0].server-cert-sha256[0]: invalid SHA-256 fingerprint (64 hex digits, with or without ':'"
                            + " between pairs, as 'openssl x509 -noout -fingerprint -sha256 -in CERT' prints them)",
                    "12:36: kmes[0].server-cert-sha256[1]: invalid SHA-256 fingerprint (64 hex digits, with or without ':'"
                            + " between pairs, as 'openssl x509 -noout -fingerprint -sha256 -in CERT' prints them)",
                    "17:18: kmes[1].server-cert: a plain http:// KME has no certificate to pin (use an https:// URL)")),
            Map.entry("yaml-syntax.yaml", List.of(
                    "5:9: (yaml): expected ',' or ']', but got : (while parsing a flow sequence)"))));

    /** Invalid examples that break a rule the schema can express too: the schema must reject them as well. */
    private static final List<String> SCHEMA_REJECTS = List.of("unknown-field.yaml", "inline-secret.yaml",
            "bad-duration.yaml", "http-without-insecure.yaml", "missing-host-key.yaml", "invalid-sae-id.yaml",
            "many-problems.yaml", "kme-status-and-pins.yaml");

    static Stream<String> invalidFiles() throws IOException {
        try (Stream<Path> s = Files.list(RepoFiles.of(INVALID))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    static Stream<Path> validFiles() throws IOException {
        try (Stream<Path> s = Files.list(RepoFiles.of("inventory/examples"))) {
            return Stream.concat(s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream(),
                    Stream.of(RepoFiles.of("inventory/lab.yaml")));
        }
    }

    @Test
    void thereAreAtLeastTenMalformedExamplesAndEachHasItsExpectedErrors() throws IOException {
        List<String> files = invalidFiles().toList();
        assertTrue(files.size() >= 10, "only " + files.size() + " malformed examples");
        assertEquals(EXPECTED.keySet(), Set.copyOf(files), "every file in " + INVALID + " needs its expected errors here");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void malformedInventoryReportsExactlyTheExpectedErrors(String file) {
        Path path = RepoFiles.of(INVALID + file);
        ConfigException e = assertThrows(ConfigException.class, () -> InventoryLoader.load(path));
        List<String> expected = EXPECTED.get(file).stream().map(m -> path + ":" + m).toList();
        assertEquals(expected, e.errors().stream().map(ConfigError::toString).toList());
        assertEquals(String.join("\n", expected), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFiles")
    void validExampleLoadsAndMatchesTheSchema(Path file) throws IOException {
        Inventory inventory = InventoryLoader.load(file);
        assertFalse(inventory.links().isEmpty(), file + " defines links");
        Set<ValidationMessage> problems = schema().validate(yaml(file));
        assertTrue(problems.isEmpty(), file + " against inventory/schema.json: " + problems);
    }

    @Test
    void schemaAlsoRejectsTheMalformedExamplesItCanExpress() throws IOException {
        for (String file : SCHEMA_REJECTS) {
            Set<ValidationMessage> problems = schema().validate(yaml(RepoFiles.of(INVALID + file)));
            assertFalse(problems.isEmpty(), file + " passed the schema");
        }
    }

    private static JsonSchema schema() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(RepoFiles.of("inventory/schema.json").toFile());
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
    }

    private static JsonNode yaml(Path file) throws IOException {
        return new YAMLMapper().readTree(file.toFile());
    }
}
