package org.qkdmacsec.controller.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code qkd-macsec run} as a separate JVM started from the daemon jar (what packaging/ installs), its output in a file. */
final class DaemonProcess implements AutoCloseable {
    static final Path JAR = Path.of("../controller/target/qkd-macsec-daemon.jar");
    static final Path CLASSES = Path.of("../controller/target/classes");

    final Process process;
    final Path log;

    private DaemonProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static DaemonProcess start(Path config, Path inventory, Path log, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", JAR.toAbsolutePath().toString(), "run", "--config", config.toString(), "--inventory", inventory.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new DaemonProcess(pb.start(), log);
    }

    /** The jar must hold the code under test: {@code mvn -pl controller -am package -DskipTests} before the test. */
    static void requireJar() {
        String entry = "org/qkdmacsec/controller/daemon/Daemon.class";
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(JAR.toFile())) {
            var e = jar.getEntry(entry);
            if (e == null || !java.util.Arrays.equals(jar.getInputStream(e).readAllBytes(), Files.readAllBytes(CLASSES.resolve(entry)))) {
                throw new IllegalStateException(JAR.toAbsolutePath() + " does not hold the compiled classes: run"
                        + " `mvn -B -pl controller -am package -DskipTests` first");
            }
        } catch (IOException e) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run `mvn -B -pl controller -am package -DskipTests` first", e);
        }
    }

    /** This process's name in the journal and in Quartz's cluster (OwnerId: host/pid). */
    String owner() {
        try {
            return InetAddress.getLocalHost().getHostName() + "/" + process.pid();
        } catch (UnknownHostException e) {
            return "localhost/" + process.pid();
        }
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    /** kill -9. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, and wait for the graceful stop; the exit code (143 after SIGTERM). */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
