package org.qkdmacsec.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.controller.cli.CliRun;
import org.qkdmacsec.controller.inventory.InventoryLoader;
import org.qkdmacsec.harness.lab.EmbeddedLab;
import org.qkdmacsec.lab.kme.KmeEndpoint;
import org.qkdmacsec.lab.kme.KmeNetwork;
import org.qkdmacsec.lab.pki.TestPki;

/**
 * Simulated routers keyed from KMEs the lab does not run (issue 16, item 7): how a team commissions a
 * new KME before touching production. The "operator's KMEs" here are a KME network the test starts on its
 * own, with its own CA; the inventory's lab: section lists routers and no KMEs.
 */
class LabWithExternalKmesTest {
    @TempDir
    Path dir;

    private Path inventory(KmeNetwork operator, Path operatorPki, Path state) throws Exception {
        return Files.writeString(dir.resolve("external-kmes.yaml"), """
                devices:
                  - {name: r1, vendor: junos, host: 127.0.0.1, port: 8301, username: lab, password: "file:%1$s/device-password",
                     known-hosts: %1$s/known_hosts, time-zone: UTC}
                  - {name: x1, vendor: iosxr, host: 127.0.0.1, port: 8311, username: lab, password: "file:%1$s/device-password",
                     known-hosts: %1$s/known_hosts, time-zone: UTC, options: {transport: auto, gnmi-port: "57401", gnmi-ca: %1$s/pki/ca.pem}}
                kmes:
                  - {id: kme-a, url: '%2$s', sae-id: sae-a, client-cert: %4$s/sae-a.crt.pem, client-key: %4$s/sae-a.key.pem, ca: %4$s/ca.pem}
                  - {id: kme-b, url: '%3$s', sae-id: sae-b, client-cert: %4$s/sae-b.crt.pem, client-key: %4$s/sae-b.key.pem, ca: %4$s/ca.pem}
                links:
                  - {id: r1-x1, a: {device: r1, interface: ge-0/0/1, kme: kme-a}, b: {device: x1, interface: HundredGigE0/0/0/0, kme: kme-b},
                     cipher: gcm-aes-256}
                lab:
                  state-dir: %1$s
                  devices: {r1: {}, x1: {}}
                """.formatted(state, operator.kme("kme-a").uri(), operator.kme("kme-b").uri(), operatorPki));
    }

    private static KmeNetwork operatorKmes(TestPki pki) {
        return KmeNetwork.builder(Clock.systemUTC()).pki(pki).kme("kme-a").kme("kme-b").sae("sae-a", "kme-a").sae("sae-b", "kme-b")
                .build().start();
    }

    @Test
    void theLabStartsRoutersAloneAndSaysWhichKmesAreExternal() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("operator-pki"));
        try (KmeNetwork operator = operatorKmes(pki);
             EmbeddedLab lab = EmbeddedLab.start(InventoryLoader.load(inventory(operator, pki.directory(), dir.resolve("state"))),
                     Clock.systemUTC(), EmbeddedLab.Ports.EPHEMERAL, Optional.of(dir.resolve("run")))) {
            assertTrue(lab.kmeNetwork().isEmpty());
            String described = String.join("\n", lab.describe());
            assertTrue(described.contains("KME     kme-a    " + operator.kme("kme-a").uri() + " (external: not simulated;"), described);
            assertTrue(lab.junos("r1").isPresent() && lab.iosxr("x1").isPresent(), described);
        }
    }

    @Test
    void aJunosIosXrLinkOfTheLabRollsOverOnTheOperatorsKmes() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("operator-pki"));
        try (KmeNetwork operator = operatorKmes(pki)) {
            Path inv = inventory(operator, pki.directory(), dir.resolve("state"));
            Path playbook = Files.writeString(dir.resolve("external.yaml"), "name: external-kmes\nsteps:\n  - rollover: {}\n");
            CliRun r = CliRun.on(org.qkdmacsec.harness.cli.HarnessMain.commandLine(), "playbook", "run", playbook.toString(),
                    "--inventory", inv.toString(), "--lab", "--report", dir.resolve("external.xml").toString());
            assertEquals(0, r.code(), r.out() + r.err());
            assertTrue(operator.kme("kme-a").requests().of(KmeEndpoint.ENC_KEYS) >= 1, "the keys came from the operator's KME");
            assertEquals(0, operator.pendingKeyCount("sae-a", "sae-b"), "and kme-b handed the same key to the other end");
        }
    }
}
