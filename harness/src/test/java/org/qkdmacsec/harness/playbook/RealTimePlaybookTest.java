package org.qkdmacsec.harness.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.controller.inventory.InventoryLoader;
import org.qkdmacsec.controller.inventory.RepoFiles;
import org.qkdmacsec.controller.journal.JournalDatabase;
import org.qkdmacsec.controller.runtime.ControllerRuntime;
import org.qkdmacsec.harness.lab.EmbeddedLab;

/**
 * A playbook on real time against devices it did not start (here the lab's routers on free ports,
 * standing in for real ones): waiting for reachability, a dry run, and a verify with no key to
 * compare against — all without simulated time, through the same runner.
 */
class RealTimePlaybookTest {
    @TempDir
    Path dir;

    @Test
    void realDevicesOnRealTime() {
        Clock clock = Clock.systemUTC();
        try (EmbeddedLab lab = EmbeddedLab.start(PlaybookSession.forSimulatedTime(InventoryLoader.load(RepoFiles.of("inventory/lab.yaml")),
                new java.util.LinkedHashMap<>()), clock, EmbeddedLab.Ports.EPHEMERAL, Optional.of(dir.resolve("lab")));
             PlaybookSession session = PlaybookSession.real(ControllerRuntime.builder(lab.inventory(),
                     JournalDatabase.embedded(dir.resolve("journal"))).owner("test").build(), clock)) {
            Playbook p = PlaybookLoader.parse("real.yaml", """
                    name: real
                    targets: [r1-r2, x1-x2]
                    steps:
                      - {wait: {until: reachable, poll: 1s}, timeout: 1m}
                      - rollover: {dry-run: true}
                      - name: nothing keyed yet
                        verify: {}
                    """, Map.of());
            PlaybookReport r = new PlaybookRunner(p, session, Progress.NONE, clock).run();
            assertEquals("real devices, real time", r.mode());
            assertEquals(Optional.empty(), r.simulated());
            List<String> verdicts = r.cases().stream().map(c -> c.name() + " " + c.status()).toList();
            assertEquals(List.of("1 wait until reachable [r1-r2] PASSED", "1 wait until reachable [x1-x2] PASSED",
                    "2 dry-run rollover [r1-r2] PASSED", "2 dry-run rollover [x1-x2] PASSED",
                    "3 nothing keyed yet [r1-r2] FAILED", "3 nothing keyed yet [x1-x2] FAILED"), verdicts);
            assertTrue(r.cases().get(2).message().startsWith("DONE — dry run: 2 key(s) would start at"), r.cases().get(2).message());
            assertTrue(r.cases().get(4).message().startsWith("no key known for link r1-r2"), r.cases().get(4).message());

            Playbook faulty = PlaybookLoader.parse("f.yaml", "name: f\nsteps:\n  - fault: clear\n", Map.of());
            ConfigException e = assertThrows(ConfigException.class, () -> new PlaybookRunner(faulty, session, Progress.NONE, clock).run());
            assertTrue(e.getMessage().startsWith("f.yaml:3:5: steps[0].fault: fault injection needs the embedded lab"), e.getMessage());
        }
    }
}
