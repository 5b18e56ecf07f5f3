package org.qkdmacsec.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.controller.cli.CliRun;

class HarnessMainTest {
    @Test
    void helpListsTheProductCommandsAndDemoLabAndPlaybook() {
        CliRun r = CliRun.on(HarnessMain.commandLine(), "--help");
        assertEquals(0, r.code(), r.err());
        for (String command : List.of("help", "rollover", "plan", "status", "run", "inventory", "kme", "demo", "lab", "playbook")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  " + command + " ")), command + " missing from\n" + r.out());
        }
    }
}
