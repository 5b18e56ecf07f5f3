package org.qkdmacsec.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.controller.cli.CliRun;
import org.qkdmacsec.controller.inventory.RepoFiles;
import org.qkdmacsec.lab.kme.Fault;
import org.qkdmacsec.lab.kme.KmeEndpoint;
import org.qkdmacsec.lab.kme.KmeNetwork;
import org.qkdmacsec.lab.kme.KmeSpec;
import org.qkdmacsec.lab.pki.TestPki;

/**
 * {@code kme status} and {@code kme check} against the KME simulator: the lab pair over mutual TLS (the
 * real inventory/lab.yaml, pointed at this run's ports and PKI) and a plain-HTTP quPSKd-style KME.
 */
class KmeCommandsTest {
    private static final Pattern CHECK = Pattern.compile("r1-r2: (match|MISMATCH) key_ID (\\S+) \\(kme-a enc_keys -> kme-b dec_keys, 256 bits\\)");

    @TempDir
    static Path dir;
    static KmeNetwork net;
    static Path labInventory;
    static Path qupskdInventory;

    @BeforeAll
    static void start() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        net = KmeNetwork.builder(Clock.systemUTC()).pki(pki)
                .kme("kme-a").kme("kme-b").kme("kme-sim", KmeSpec.qupskd())
                .sae("sae-a", "kme-a").sae("sae-b", "kme-b").sae("sae-1", "kme-sim").sae("sae-2", "kme-sim")
                .build().start();
        String lab = Files.readString(RepoFiles.of("inventory/lab.yaml"))
                .replace("https://127.0.0.1:8441", net.kme("kme-a").uri().toString())
                .replace("https://127.0.0.1:8442", net.kme("kme-b").uri().toString())
                .replace("var/lab/pki", pki.directory().toString());
        labInventory = Files.writeString(dir.resolve("lab.yaml"), lab);
        qupskdInventory = Files.writeString(dir.resolve("qupskd.yaml"), Files.readString(RepoFiles.of("inventory/examples/qupskd.yaml"))
                .replace("http://127.0.0.1:8000", net.kme("kme-sim").uri().toString())
                .replace("sae-a", "sae-1").replace("sae-b", "sae-2"));
    }

    @AfterAll
    static void stop() {
        net.close();
    }

    @Test
    void checkTheLabPairOverMutualTls() {
        CliRun r = CliRun.of("kme", "check", "--inventory", labInventory.toString(), "--link", "ge-0/0/1");
        assertEquals(0, r.code(), r.err());
        Matcher m = CHECK.matcher(r.out().lines().findFirst().orElseThrow());
        assertTrue(m.matches(), r.out());
        assertEquals("match", m.group(1));
        assertTrue(r.out().contains("\n  kme-a /status (peer SAE sae-b, status: advisory): Status: stored_key_count "), r.out());
        assertTrue(r.out().contains("master_SAE_ID sae-a, slave_SAE_ID sae-b -> ok\n"), r.out());
        assertEquals(0, net.pendingKeyCount("sae-a", "sae-b"), "the B side collected the key");
    }

    @Test
    void aDifferentKeyOnOneSideIsAMismatch() throws Exception {
        net.kme("kme-b").faults().once(Fault.wrongKey());
        CliRun r = CliRun.of("kme", "check", "--inventory", labInventory.toString(), "--link", "r1-r2", "-o", "json");
        assertEquals(1, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("MISMATCH", j.get("result").asText());
        assertEquals("kme-a", j.get("enc_kme").asText());
        assertTrue(j.get("key_ID").asText().length() > 8);
    }

    @Test
    void aKmeFailureIsExitOneWithTheTypedMessage() {
        net.kme("kme-a").faults().once(Fault.unavailable().on(KmeEndpoint.ENC_KEYS));
        CliRun r = CliRun.of("kme", "check", "--inventory", labInventory.toString(), "--link", "r1:ge-0/0/1");
        assertEquals(1, r.code());
        assertEquals("r1-r2: KME kme-a: enc_keys (slave SAE sae-b): HTTP 503: refused: KME 'kme-a' is unavailable (injected fault)\n",
                r.err());
    }

    @Test
    void statusByLinkAndByKme() throws Exception {
        CliRun byLink = CliRun.of("kme", "status", "--inventory", labInventory.toString(), "--link", "r1-r2");
        assertEquals(0, byLink.code(), byLink.err() + byLink.out());
        assertTrue(byLink.out().lines().skip(1).findFirst().orElseThrow().matches("kme-a +sae-a +sae-b +\\d+ +1000 +128 +256 +ok"),
                byLink.out());
        CliRun byKme = CliRun.of("kme", "status", "--inventory", labInventory.toString(), "--kme", "kme-b", "-o", "json");
        assertEquals(0, byKme.code(), byKme.err());
        JsonNode row = new ObjectMapper().readTree(byKme.out()).get("status").get(0);
        assertEquals("sae-a", row.get("peer_SAE_ID").asText());
        assertEquals("kme-b", row.get("status").get("source_KME_ID").asText());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, CliRun.of("kme", "status", "--inventory", labInventory.toString()).code(), "--kme or --link");
        assertEquals(2, CliRun.of("kme", "status", "--inventory", labInventory.toString(), "--kme", "a", "--link", "b").code());
        CliRun unknown = CliRun.of("kme", "check", "--inventory", labInventory.toString(), "--link", "xe-9/9/9");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("no link 'xe-9/9/9' in "), unknown.err());
        CliRun noKme = CliRun.of("kme", "status", "--inventory", labInventory.toString(), "--kme", "kme-z");
        assertEquals(2, noKme.code());
        assertTrue(noKme.err().contains("no KME 'kme-z'"), noKme.err());
    }

    @Test
    void checkAPlainHttpKmeWithoutStatusAndNothingLeaks() throws Exception {
        CliRun r = CliRun.of("kme", "check", "--inventory", qupskdInventory.toString(), "--link", "a-b");
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("a-b: match key_ID (\\S+) \\(kme-sim enc_keys -> kme-sim dec_keys, 256 bits\\)")
                .matcher(r.out().lines().findFirst().orElseThrow());
        assertTrue(m.matches(), r.out());
        assertTrue(r.out().contains("  kme-sim /status (peer SAE sae-2, status: advisory): HTTP 200 but not a Status: a Key container"
                + " with 1 key(s) -> ignored: enc_keys decides (status: advisory)"), r.out());
        byte[] key = MessageDigest.getInstance("SHA3-256").digest(m.group(1).getBytes(StandardCharsets.UTF_8));
        String hex = HexFormat.of().formatHex(key);
        String all = r.out() + r.err();
        for (String form : new String[] {hex, hex.toUpperCase(Locale.ROOT), Base64.getEncoder().encodeToString(key)}) {
            assertTrue(!all.contains(form), "key in CLI output");
        }
        CliRun status = CliRun.of("kme", "status", "--inventory", qupskdInventory.toString(), "--link", "a-b");
        assertEquals(1, status.code());
        assertTrue(status.out().contains("a Key container with 1 key(s)"), status.out());
    }
}
