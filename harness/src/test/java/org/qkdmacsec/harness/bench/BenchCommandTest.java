package org.qkdmacsec.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.harness.cli.HarnessMain;
import picocli.CommandLine;

/**
 * {@code bench} end to end on a small scale: a lab process of its own, real protocols, real time. The
 * figures are judged only where they are facts of the design (every link DONE, no outage per the lab's
 * MKA models, the routers' own count of commits showing the batching), not as performance.
 */
class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void sixLinksOnOnePairAreRolledInOneBatchPerRouterWithNoOutage() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = HarnessMain.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int rc = cli.execute("bench", "--links", "6", "--routers", "2", "--vendor", "iosxr", "--fast-timers", "--batch-window", "3s",
                "--keep", dir.toString(), "-o", "json");
        assertEquals(0, rc, out + "\n" + err);
        JsonNode r = new ObjectMapper().readTree(out.toString());
        assertTrue(r.path("ok").asBoolean(), r.toPrettyString());
        JsonNode round = r.path("rounds").get(0);
        assertEquals(6, round.path("outcomes").path("DONE").asInt(), round.toPrettyString());
        assertEquals(0.0, round.path("outage_seconds").asDouble());
        // Per router: one commit, one confirmation, one retirement commit for all six links (a link that
        // missed the batch window costs its own three): far fewer than 3 per link.
        assertTrue(round.path("max_commits_one_router").asInt() <= 6, round.toPrettyString());
        assertTrue(round.path("critical_path_p50_ms").asLong() > 0);
        assertTrue(round.path("threads_peak").asInt() > 0 && round.path("heap_bytes_per_link").asLong() > 0, round.toPrettyString());
        assertTrue(Files.readString(dir.resolve("controller.log")).contains("event=rollover"), "the controller's log went to the file");
        assertTrue(!out.toString().contains("qkd_macsec.rollover"), "no log line in the report");
    }

    @Test
    void anOddNumberOfRoutersIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cli = HarnessMain.commandLine();
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("bench", "--links", "4", "--routers", "3"));
        assertTrue(err.toString().contains("--routers must be an even number"), err.toString());
    }
}
