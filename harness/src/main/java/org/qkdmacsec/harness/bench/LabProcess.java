package org.qkdmacsec.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bench's lab, {@code qkd-macsec lab serve} in a child JVM (the same class path as this one), so the
 * simulators' threads, heap and CPU are not counted as the controller's. Talks to it over its stdin and
 * stdout; its log goes to a file.
 */
final class LabProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final java.util.concurrent.BlockingQueue<String> answers;
    private final PrintWriter in;
    private final Map<String, String> ports;

    private LabProcess(Process process, java.util.concurrent.BlockingQueue<String> answers, PrintWriter in, Map<String, String> ports) {
        this.process = process;
        this.answers = answers;
        this.in = in;
        this.ports = ports;
    }

    /**
     * Drains the lab's stdout all the time: the JVM itself may write there (a full code cache, say), and a
     * pipe nobody reads stops the lab the moment it fills. Protocol lines ("ready", JSON) are queued; any
     * other line goes to {@code lab.out}.
     */
    private static java.util.concurrent.BlockingQueue<String> drain(BufferedReader out, Path other) {
        java.util.concurrent.BlockingQueue<String> q = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try (var w = Files.newBufferedWriter(other, StandardCharsets.UTF_8)) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.equals("ready") || line.startsWith("{")) {
                        q.add(line);
                    } else {
                        w.write(line);
                        w.newLine();
                        w.flush();
                    }
                }
            } catch (IOException e) {
                // the lab ended
            }
            q.add(EOF);
        }, "bench-lab-stdout");
        t.setDaemon(true);
        t.start();
        return q;
    }

    private static final String EOF = "(end of the lab output)";

    /** Starts the lab for {@code inventory} and waits until it listens (up to {@code timeout}). */
    static LabProcess start(Path inventory, Path dir, int kmeKeys, Duration timeout) throws IOException {
        Path portsFile = dir.resolve("lab-ports.json");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx6g");
        cmd.add("-XX:+UseParallelGC");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.qkdmacsec.harness.cli.HarnessMain");
        cmd.addAll(List.of("lab", "serve", "--inventory", inventory.toString(), "--ports-file", portsFile.toString(),
                "--kme-keys", String.valueOf(kmeKeys)));
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("lab.log").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter in = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
        java.util.concurrent.BlockingQueue<String> answers = drain(out, dir.resolve("lab.out"));
        try {
            String line = take(answers, timeout);
            if (line == null) {
                throw new IOException("the lab did not start within " + timeout.toSeconds() + " s; see " + dir.resolve("lab.log"));
            }
            if (!line.equals("ready")) {
                throw new IOException("the lab process ended before it was ready; see " + dir.resolve("lab.log"));
            }
            Map<String, String> ports = new LinkedHashMap<>();
            JSON.readTree(Files.readString(portsFile)).fields().forEachRemaining(e -> ports.put(e.getKey(), e.getValue().asText()));
            return new LabProcess(p, answers, in, ports);
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** Device → SSH port, device + "/gnmi" → gNMI port, KME id → URL. */
    Map<String, String> ports() {
        return ports;
    }

    /** Commit operations per router, KME requests and per-link outage seconds since {@code from}. */
    JsonNode stats(Instant from) throws IOException {
        in.println("stats " + from.toEpochMilli());
        String line = take(answers, Duration.ofMinutes(2));
        if (line == null || line.equals(EOF)) {
            throw new IOException("the lab process ended or did not answer");
        }
        return JSON.readTree(line);
    }

    private static String take(java.util.concurrent.BlockingQueue<String> q, Duration timeout) throws IOException {
        try {
            return q.poll(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    @Override
    public void close() {
        in.close();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
