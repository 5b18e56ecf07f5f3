package org.qkdmacsec.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.controller.api.Schemas;
import org.qkdmacsec.controller.cli.CliRun;
import org.qkdmacsec.controller.inventory.RepoFiles;

class DemoCommandTest {
    /** A logback line as the daemon jar's pattern prints it: time, level, logger. */
    private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\S+ +(TRACE|DEBUG|INFO|WARN|ERROR) ");

    @TempDir
    Path dir;

    /** The lab inventory without the kernel lab (its VM needs qemu), its state under the test's directory. */
    private Path labInventory() throws Exception {
        String lab = Files.readString(RepoFiles.of("inventory/lab.yaml"), StandardCharsets.UTF_8)
                .replace("var/lab", dir.resolve("state").toString())
                .replace("    linux-a: {}\n", "").replace("    linux-b: {}\n", "");
        Path file = dir.resolve("lab.yaml");
        Files.writeString(file, lab);
        return file;
    }

    @Test
    void aDefaultRunPrintsProgressAndTheSummaryAndSendsLogLinesToAFileNamedAtTheEnd() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        CliRun r;
        System.setErr(new PrintStream(terminal, true, StandardCharsets.UTF_8));
        try {
            r = CliRun.on(HarnessMain.commandLine(), "demo", "--inventory", labInventory().toString(), "--rounds", "1");
        } finally {
            System.setErr(stderr);
        }
        assertEquals(0, r.code(), r.err());
        String logged = terminal.toString(StandardCharsets.UTF_8);
        List<String> logLines = (r.err() + logged).lines().filter(l -> LOG_LINE.matcher(l).find()).toList();
        assertTrue(logLines.isEmpty(), "no log line on the terminal:\n" + String.join("\n", logLines));
        assertTrue(r.err().lines().anyMatch(l -> l.matches("\\d{2}:\\d{2}:\\d{2}  r1-r2 +PREFLIGHT .*")), "the progress table: " + r.err());
        assertTrue(r.out().contains("Every rollover succeeded with 0 s outage."), r.out());
        Path log = dir.resolve("state").resolve("demo.log");
        assertTrue(r.err().contains("demo: simulator, driver and controller log lines are in " + log), r.err());
        String file = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(file.contains("KmeHttpHandler") && file.contains("enc_keys"), "the simulators' and drivers' lines are in the file");
    }

    @Test
    void jsonCarriesNumbersWithUnitsAndTheSharedResultAndStatusContractsAndVerboseKeepsLogLinesOnTheTerminal() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        CliRun r;
        System.setErr(new PrintStream(terminal, true, StandardCharsets.UTF_8));
        try {
            r = CliRun.on(HarnessMain.commandLine(), "demo", "--inventory", labInventory().toString(), "--rounds", "1", "-q", "-v",
                    "-o", "json");
        } finally {
            System.setErr(stderr);
        }
        assertEquals(0, r.code(), r.err());
        assertTrue(terminal.toString(StandardCharsets.UTF_8).lines().anyMatch(l -> LOG_LINE.matcher(l).find()),
                "-v: the log lines are on the terminal");
        JsonNode demo = new ObjectMapper().readTree(r.out());
        Schemas.assertValid("demo", demo);
        assertTrue(demo.path("ok").asBoolean());
        assertEquals(3, demo.path("links").size(), "r1-r2, x1-x2 and r1-x1");
        for (JsonNode l : demo.path("links")) {
            assertTrue(l.path("outage_seconds").isNumber(), l.toString());
            assertEquals(0.0, l.path("outage_seconds").asDouble(), l.toString());
            assertTrue(l.path("pings_sent").isNull() && l.path("pings_lost").isNull(), "no real-kernel link here");
            assertEquals(2, l.path("results").size());
            l.path("results").forEach(x -> Schemas.assertValid("rollover-result", x));
            Schemas.assertValid("link", l.path("status"));
            assertEquals("DONE", l.path("status").path("last_result").asText(), l.toString());
            assertTrue(l.path("status").path("key_age_seconds").isIntegralNumber(), l.toString());
        }
        assertTrue(demo.path("log_file").isNull(), "with -v the log lines went to no file");
    }
}
