package org.qkdmacsec.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.controller.cli.CliRun;
import org.qkdmacsec.lab.kme.KmeNetwork;
import org.qkdmacsec.lab.kme.KmeSpec;
import org.qkdmacsec.lab.pki.TestPki;

/**
 * {@code kme check} and {@code inventory check} against lab KMEs that behave like
 * CreepPork/next-door-key-simulator: the commissioning check passes and names each deviation; an sae-id
 * that is not the client certificate's is warned about by both commands.
 */
class DeviatingKmeCommandsTest {
    @TempDir
    static Path dir;
    static KmeNetwork net;
    static Path inventory;
    static Path wrongSae;

    @BeforeAll
    static void start() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        net = KmeNetwork.builder(Clock.systemUTC()).pki(pki).kme("kme-1", KmeSpec.nextDoor()).kme("kme-2", KmeSpec.nextDoor())
                .sae("sae-1", "kme-1").sae("sae-2", "kme-2").build().start();
        Path p = pki.directory();
        String kmes = """
                kmes:
                  - {id: kme-1, url: '%1$s', sae-id: %5$s, client-cert: '%3$s/sae-1.crt.pem', client-key: '%3$s/sae-1.key.pem', ca: '%3$s/ca.pem', server-cert-sha256: %4$s}
                  - {id: kme-2, url: '%2$s', sae-id: sae-2, client-cert: '%3$s/sae-2.crt.pem', client-key: '%3$s/sae-2.key.pem', ca: '%3$s/ca.pem', server-cert: '%3$s/kme-2-nosan.crt.pem'}
                """;
        String rest = """
                devices:
                  - {name: r1, vendor: junos, host: 192.0.2.1, username: ops, password: 'env:R1', host-key: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'}
                  - {name: x1, vendor: iosxr, host: 192.0.2.2, username: ops, password: 'env:X1', host-key: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'}
                links:
                  - {id: r1-x1, a: {device: r1, interface: ge-0/0/1, kme: kme-1}, b: {device: x1, interface: HundredGigE0/0/0/0, kme: kme-2}}
                """;
        String pin = sha256(p.resolve("kme-1-nosan.crt.pem"));
        inventory = Files.writeString(dir.resolve("next-door.yaml"), kmes.formatted(net.kme("kme-1").uri(), net.kme("kme-2").uri(), p, pin, "sae-1") + rest);
        wrongSae = Files.writeString(dir.resolve("wrong-sae.yaml"), kmes.formatted(net.kme("kme-1").uri(), net.kme("kme-2").uri(), p, pin, "sae-x") + rest);
    }

    /** The fingerprint an operator takes with openssl x509 -fingerprint -sha256. */
    static String sha256(Path pem) throws Exception {
        try (java.io.InputStream in = Files.newInputStream(pem)) {
            byte[] der = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(der));
        }
    }

    @AfterAll
    static void stop() {
        net.close();
    }

    @Test
    void kmeCheckPassesAndNamesEachDeviation() {
        CliRun r = CliRun.of("kme", "check", "--inventory", inventory.toString(), "--link", "r1-x1");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().startsWith("r1-x1: match key_ID "), r.out());
        assertTrue(r.out().contains("kme-1 /status (peer SAE sae-2, status: advisory): Status: stored_key_count 0,"), r.out());
        assertTrue(r.out().contains("-> stored_key_count 0 ignored: enc_keys decides"), r.out());
        assertTrue(r.out().contains("warning: KME kme-1 returns 2048-bit keys when asked for 256 (it seems to read size in bytes)"), r.out());
        CliRun ok = CliRun.of("inventory", "check", inventory.toString());
        assertEquals(0, ok.code());
        assertTrue(!ok.out().contains("warning"), ok.out());
    }

    @Test
    void anSaeIdThatIsNotTheCertificatesIsNamedByBothCommands() {
        CliRun inv = CliRun.of("inventory", "check", wrongSae.toString());
        assertEquals(0, inv.code(), "a warning, not an error");
        assertTrue(inv.out().contains("warning: KME kme-1: SAE 'sae-x' is not in the client certificate (CN 'sae-1',"
                + " no subjectAltName)") && inv.out().contains("set sae-id: sae-1"), inv.out());
        CliRun check = CliRun.of("kme", "check", "--inventory", wrongSae.toString(), "--link", "r1-x1");
        assertEquals(1, check.code(), "kme-2 knows no master SAE sae-x");
        assertTrue(check.err().contains("warning: KME kme-1 reports this client as SAE 'sae-1' (master_SAE_ID), the inventory says 'sae-x'"),
                check.err());
    }
}
