package org.qkdmacsec.lab.junos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.qkdmacsec.lab.junos.JunosFixtures.CKN0;
import static org.qkdmacsec.lab.junos.JunosFixtures.PASSWORD;
import static org.qkdmacsec.lab.junos.JunosFixtures.T;
import static org.qkdmacsec.lab.junos.JunosFixtures.USER;
import static org.qkdmacsec.lab.junos.JunosFixtures.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.lab.time.ManualClock;

/**
 * Drives the simulator from an independent NETCONF client: Debian's python3-ncclient running
 * lab/src/test/python/ncclient_conformance.py (hello, get-config, lock and lock conflict, edit-config,
 * commit, unknown RPC, then Junos private load and compare, the refusal of a confirmed commit of that
 * private copy, and a confirmed commit in minutes on the locked shared candidate).
 * Skipped, with a message, when ncclient is not installed.
 */
@Timeout(300)
class NcclientConformanceTest {
    private static final Path SCRIPT = Path.of("src/test/python/ncclient_conformance.py");

    /** Debian's interpreter first: a pyenv/venv python3 on PATH does not see Debian's dist-packages. */
    private static Optional<String> pythonWithNcclient() {
        for (String python : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import ncclient").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(python);
                }
                p.destroyForcibly();
            } catch (IOException e) {
                // not installed under this name
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Test
    void ncclientTalksToTheSimulator(@TempDir Path dir) throws Exception {
        Optional<String> python = pythonWithNcclient();
        assumeTrue(python.isPresent(), "python3-ncclient is not installed (apt-get install -y python3-ncclient): "
                + "skipping the ncclient conformance check");
        ManualClock clock = new ManualClock(T);
        try (JunosSimulator sim = device("r1", clock).start()) {
            Path knownHosts = dir.resolve("known_hosts");
            sim.writeKnownHosts(knownHosts);
            Path stderr = dir.resolve("stderr.txt");
            Process p = new ProcessBuilder(python.get(), SCRIPT.toString(), "--host", sim.host(), "--port",
                    Integer.toString(sim.port()), "--user", USER, "--known-hosts", knownHosts.toString())
                    .redirectError(stderr.toFile()).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)); // never on the command line
            }
            byte[] stdout = p.getInputStream().readAllBytes();
            if (!p.waitFor(240, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("ncclient script did not finish");
            }
            String err = Files.readString(stderr);
            assertEquals(0, p.exitValue(), "ncclient script failed:\n" + err);
            JsonNode out = new ObjectMapper().readTree(stdout);

            assertTrue(out.get("base11").asBoolean(), out.toString());
            assertTrue(out.get("candidate").asBoolean());
            assertFalse(out.get("session_id").asText().isEmpty());
            assertEquals(List.of(CKN0), strings(out.get("ckns_before")));
            assertEquals(List.of("2026-01-01.00:00:00 +0100"), strings(out.get("starts_before")));
            assertEquals("lock-denied", out.get("lock_conflict_tag").asText());
            assertEquals(List.of(CKN0, "5a".repeat(32)), strings(out.get("ckns_after_commit")));
            assertEquals("2026-07-10.14:05:00 +0200", strings(out.get("starts_after_commit")).get(1));
            assertEquals("syntax error", out.get("unknown_rpc_message").asText());
            assertTrue(out.get("diff_has_key6").asBoolean());
            assertEquals("commit confirmed not supported for private configuration", out.get("private_confirmed_refused").asText());
            assertTrue(out.get("confirmed_commit_success").asBoolean());

            // ncclient asked for 120 s; Junos counts minutes: 2 minutes on the simulator clock
            assertEquals(Optional.of(T.plusSeconds(120)), sim.pendingRollbackDeadline());
            assertTrue(sim.committedConfigurationXml().contains("6b".repeat(32)));
            clock.advance(Duration.ofSeconds(120));
            assertFalse(sim.committedConfigurationXml().contains("6b".repeat(32)), "unconfirmed commit rolled back");
            assertTrue(sim.committedConfigurationXml().contains("5a".repeat(32)));
        }
    }

    private static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
