package org.qkdmacsec.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The daemon jar that packaging/ installs is the product alone: no simulator, no harness, no lab
 * inventory, and a command line without demo, lab or playbook. Runs in {@code verify}, after the
 * jar is built: {@code mvn -B -pl controller -am verify -DskipTests}.
 */
class DaemonJarIT {
    private static final Path JAR = Path.of(System.getProperty("daemon.jar", "target/qkd-macsec-daemon.jar"));

    @Test
    void daemonJarHoldsTheControllerAndNoLabOrHarnessClass() throws IOException {
        assertTrue(Files.isRegularFile(JAR), JAR.toAbsolutePath() + " is missing");
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertEquals(Main.class.getName(), jar.getManifest().getMainAttributes().getValue("Main-Class"));
            assertNotNull(jar.getEntry("org/qkdmacsec/controller/daemon/Daemon.class"), "the daemon itself is in the jar");
            List<String> foreign = jar.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("org/qkdmacsec/lab/") || n.startsWith("org/qkdmacsec/harness/") || n.equals("inventory/lab.yaml"))
                    .toList();
            assertTrue(foreign.isEmpty(), foreign.size() + " lab or harness entries in the daemon jar, first: "
                    + foreign.subList(0, Math.min(5, foreign.size())));
        }
    }

    @Test
    void daemonJarOffersTheProductCommandsOnly() throws Exception {
        Path out = Files.createTempFile("daemon-help", ".txt");
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    JAR.toAbsolutePath().toString(), "--help").redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "java -jar --help did not finish");
            String help = Files.readString(out, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), help);
            assertTrue(help.lines().anyMatch(l -> l.startsWith("  run ")), help);
            for (String harness : List.of("demo", "lab", "playbook")) {
                assertFalse(help.lines().anyMatch(l -> l.startsWith("  " + harness + " ")), harness + " in\n" + help);
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
