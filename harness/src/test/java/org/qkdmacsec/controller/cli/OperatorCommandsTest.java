package org.qkdmacsec.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.controller.api.Schemas;
import org.qkdmacsec.controller.inventory.InventoryLoader;
import org.qkdmacsec.harness.lab.EmbeddedLab;

/**
 * The operator's path on real time, as in the README: simulators up on the inventory's ports, then
 * {@code plan}, {@code rollover --dry-run}, {@code rollover}, {@code status} as separate command runs
 * sharing only the inventory and the journal directory.
 */
class OperatorCommandsTest {
    @TempDir
    Path data;

    /** The template with free loopback ports and a private state directory filled in. */
    private static String inventory(Path dir) throws Exception {
        String text = Files.readString(Path.of("src/test/resources/cli-lab.yaml"));
        for (String p : new String[] {"R1_PORT", "R2_PORT", "KME_A_PORT", "KME_B_PORT"}) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                text = text.replace("${" + p + "}", String.valueOf(s.getLocalPort()));
            }
        }
        Path file = dir.resolve("cli-lab.yaml");
        Files.writeString(file, text.replace("${STATE}", dir.resolve("lab").toString()));
        return file.toString();
    }

    @Test
    void planDryRunRolloverAndStatus() throws Exception {
        String inv = inventory(data);
        try (EmbeddedLab lab = EmbeddedLab.start(InventoryLoader.load(Path.of(inv)), Clock.systemUTC(),
                EmbeddedLab.Ports.FIXED, Optional.empty())) {
            String dataDir = data.resolve("journal").toString();

            CliRun plan = CliRun.of("plan", "--inventory", inv, "--data-dir", dataDir);
            assertEquals(0, plan.code(), plan.err());
            assertTrue(plan.out().contains("would add 2 key(s)"), plan.out());
            CliRun planJson = CliRun.of("plan", "--inventory", inv, "--data-dir", dataDir, "-o", "json");
            assertEquals(0, planJson.code(), planJson.err());
            Schemas.assertValid("plan", Json.MAPPER.readTree(planJson.out()));

            CliRun dry = CliRun.of("rollover", "--inventory", inv, "--link", "ge-0/0/1", "--dry-run", "--data-dir", dataDir);
            assertEquals(0, dry.code(), dry.err());
            assertTrue(dry.out().contains("dry run") && dry.out().contains("--- r1 (configuration diff"), dry.out());
            assertFalse(lab.junos("r1").orElseThrow().committedConfigurationXml().contains("dry-run"), "dry run committed nothing");

            CliRun roll = CliRun.of("rollover", "--inventory", inv, "--link", "ge-0/0/1", "--data-dir", dataDir, "-o", "json");
            assertEquals(0, roll.code(), roll.err());
            JsonNode result = Json.MAPPER.readTree(roll.out());
            Schemas.assertValid("rollover-result", result);
            assertEquals("DONE", result.get("state").asText());
            String ckn = result.get("new_ckns").get(0).asText();
            assertTrue(lab.junos("r2").orElseThrow().committedConfigurationXml().contains(ckn));
            assertTrue(lab.model("r1-r2").orElseThrow().stateAt(org.qkdmacsec.lab.mka.Side.A, Clock.systemUTC().instant())
                    .activeCkn().map(ckn::equals).orElse(false));

            CliRun status = CliRun.of("status", "--inventory", inv, "--data-dir", dataDir);
            assertEquals(0, status.code(), status.err());
            assertTrue(status.out().contains(ckn.substring(0, 12)) && status.out().contains("DONE"), status.out());
        }
    }
}
