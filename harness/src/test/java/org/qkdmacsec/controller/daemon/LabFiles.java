package org.qkdmacsec.controller.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.qkdmacsec.config.Durations;
import org.qkdmacsec.controller.inventory.InventoryLoader;
import org.qkdmacsec.harness.lab.EmbeddedLab;

/**
 * A lab inventory written to a file, as an operator would have it, for daemons that read their
 * inventory from disk (in this JVM or as separate processes): {@code pairs} pairs of simulated Junos
 * routers, {@code linksPerPair} links between each pair, two KMEs, free loopback ports, the lab's state
 * under {@code dir}. The simulators run in the test's JVM on the system clock.
 */
record LabFiles(Path dir, int pairs, int linksPerPair, String schedule, int keyringSlots, Duration lead, Duration overlap,
                List<Integer> ports, Optional<Duration> commitLatency) {

    /** Routers that commit at once: these tests are about the daemon's behaviour, in seconds of real time. */
    static LabFiles of(Path dir, int pairs, int linksPerPair, Duration interval, Duration jitter, int keyringSlots, Duration lead,
                       Duration overlap) {
        return new LabFiles(dir, pairs, linksPerPair, "{interval: " + Durations.format(interval) + ", jitter: " + Durations.format(jitter) + "}",
                keyringSlots, lead, overlap, freePorts(2 * pairs + 2), Optional.of(Duration.ZERO));
    }

    /** The same lab with the routers' own commit latency (the lab's defaults: 3 s Junos). */
    LabFiles withRealCommitTimes() {
        return new LabFiles(dir, pairs, linksPerPair, schedule, keyringSlots, lead, overlap, ports, Optional.empty());
    }

    List<String> linkIds() {
        List<String> out = new ArrayList<>();
        for (int p = 1; p <= pairs; p++) {
            for (int i = 1; i <= linksPerPair; i++) {
                out.add(linkId(p, i));
            }
        }
        return out;
    }

    static String linkId(int pair, int i) {
        return String.format("p%02d-%02d", pair, i);
    }

    /** The inventory with every link. */
    Path write(String name) {
        return write(name, id -> true, schedule);
    }

    /** The inventory with the links {@code keep} accepts, each with {@code scheduleYaml}. */
    Path write(String name, Predicate<String> keep, String scheduleYaml) {
        StringBuilder y = new StringBuilder("devices:\n");
        for (int r = 1; r <= 2 * pairs; r++) {
            y.append("  - {name: r").append(r).append(", vendor: junos, host: 127.0.0.1, port: ").append(ports.get(r - 1))
                    .append(", username: lab, password: \"file:").append(dir.resolve("lab/device-password"))
                    .append("\", known-hosts: ").append(dir.resolve("lab/known_hosts")).append(", time-zone: UTC}\n");
        }
        y.append("kmes:\n");
        for (int k = 0; k < 2; k++) {
            String s = k == 0 ? "a" : "b";
            y.append("  - {id: kme-").append(s).append(", url: \"https://127.0.0.1:").append(ports.get(2 * pairs + k))
                    .append("\", sae-id: sae-").append(s).append(", client-cert: ").append(dir.resolve("lab/pki/sae-" + s + ".crt.pem"))
                    .append(", client-key: ").append(dir.resolve("lab/pki/sae-" + s + ".key.pem")).append(", ca: ")
                    .append(dir.resolve("lab/pki/ca.pem")).append("}\n");
        }
        y.append("links:\n");
        for (int p = 1; p <= pairs; p++) {
            for (int i = 1; i <= linksPerPair; i++) {
                String id = linkId(p, i);
                if (!keep.test(id)) {
                    continue;
                }
                y.append("  - id: ").append(id).append('\n')
                        .append("    a: {device: r").append(2 * p - 1).append(", interface: ge-0/0/").append(i).append(", kme: kme-a}\n")
                        .append("    b: {device: r").append(2 * p).append(", interface: ge-0/0/").append(i).append(", kme: kme-b}\n")
                        .append("    schedule: ").append(scheduleYaml).append('\n')
                        .append("    keyring-slots: ").append(keyringSlots).append('\n')
                        .append("    lead: ").append(Durations.format(lead)).append('\n')
                        .append("    overlap: ").append(Durations.format(overlap)).append('\n');
            }
        }
        y.append("lab:\n  state-dir: ").append(dir.resolve("lab")).append("\n  kmes: [kme-a, kme-b]\n  devices:\n");
        for (int r = 1; r <= 2 * pairs; r++) {
            y.append("    r").append(r).append(": {clock-skew: 0s").append(commitLatency.map(d -> ", commit-latency: "
                    + Durations.format(d)).orElse("")).append("}\n");
        }
        Path file = dir.resolve(name);
        try {
            Files.writeString(file, y);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Starts the simulators of the full inventory on their fixed ports, on the system clock. */
    EmbeddedLab startLab() {
        return EmbeddedLab.start(InventoryLoader.load(write("lab.yaml")), Clock.systemUTC(), EmbeddedLab.Ports.FIXED, Optional.empty());
    }

    /** Engine settings for real-time tests: a 2 s confirm window (RFC 6241 seconds on the Junos simulator). */
    static String engineYaml() {
        return "engine: {confirm-window: 2s, lead-margin: 2s, confirm-safety: 1s, verify-settle: 1s, verify-timeout: 8s, poll-interval: 1s}\n";
    }

    private static List<Integer> freePorts(int n) {
        List<ServerSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                open.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return open.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : open) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // free again
                }
            }
        }
    }
}
