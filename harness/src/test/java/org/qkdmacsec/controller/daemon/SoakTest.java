package org.qkdmacsec.controller.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.controller.journal.TxnState;
import org.qkdmacsec.harness.lab.EmbeddedLab;
import org.qkdmacsec.lab.mka.ActiveSpan;
import org.qkdmacsec.lab.mka.OutageTimeline;
import org.qkdmacsec.lab.mka.Side;

/**
 * The daemon for 10 minutes (system property {@code soak.minutes}) with 50 links on the simulators at
 * a 10 s interval, in real time: every transaction succeeds, every link's key changes on its 10 s
 * cadence, no link's MKA model shows a moment of outage, and heap after GC and the thread count stay
 * flat. Prints the samples.
 *
 * <p>Run: {@code mvn -B -Psoak -pl harness -am test}.
 */
@Tag("soak")
class SoakTest {
    static final Duration INTERVAL = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void fiftyLinksAtTenSecondsForTenMinutes() throws Exception {
        Duration soak = Duration.ofMinutes(Long.getLong("soak.minutes", 10));
        LabFiles files = LabFiles.of(dir, 10, 5, INTERVAL, Duration.ofSeconds(2), 3, Duration.ofSeconds(1), Duration.ofSeconds(3));
        DaemonConfig config = DaemonConfigLoader.parse("soak", "journal: {data-dir: " + dir.resolve("var") + ", pool-size: 16}\n"
                + LabFiles.engineYaml() + "api: {port: 0}\nalarms: {check-interval: 10s}\n");
        try (EmbeddedLab lab = files.startLab()) {
            Daemon daemon = Daemon.start(config, files.write("inventory.yaml"), Clock.systemUTC(), "soak/1");
            try {
                for (String id : files.linkIds()) {
                    Waits.await(() -> daemon.runtime().journal().history(id, 10).stream().anyMatch(t -> t.state() == TxnState.DONE),
                            Duration.ofMinutes(3), id + " keyed");
                }
                Instant from = Instant.now();
                System.out.println("all 50 links keyed; soaking for " + soak + " from " + from);
                List<long[]> samples = new ArrayList<>();
                Instant end = from.plus(soak);
                while (Instant.now().isBefore(end)) {
                    samples.add(sample(Duration.between(from, Instant.now()).toSeconds()));
                    Thread.sleep(Math.min(30_000, Math.max(0, Duration.between(Instant.now(), end).toMillis())));
                }
                samples.add(sample(Duration.between(from, Instant.now()).toSeconds()));
                Instant to = Instant.now();

                System.out.println("   t/s  heap-after-GC/MiB  threads");
                samples.forEach(s -> System.out.printf("%6d  %17.1f  %7d%n", s[0], s[1] / 1048576.0, s[2]));

                // Every transaction in the soak succeeded.
                Map<String, Integer> outcomes = new TreeMap<>();
                int txns = 0;
                for (String id : files.linkIds()) {
                    for (TxnRecord t : daemon.runtime().journal().history(id, 1000)) {
                        if (t.createdAt().isAfter(from) && t.state().terminal()) {
                            txns++;
                            outcomes.merge(t.state() + t.reason().map(r -> " " + r).orElse(""), 1, Integer::sum);
                        }
                    }
                }
                System.out.println("transactions: " + txns + " " + outcomes);
                assertEquals(Map.of("DONE", txns), outcomes);

                // Every link's key kept changing, and never an outage. Not exactly on the cadence: a run
                // that appends a key to a full keyring stays open until that key starts, fires meanwhile
                // are skipped and the ring refills in batches (docs/daemon.md, "Keyring and cadence").
                long expected = soak.dividedBy(INTERVAL);
                int minKeys = Integer.MAX_VALUE;
                double outage = 0;
                for (String id : files.linkIds()) {
                    var model = lab.model(id).orElseThrow();
                    OutageTimeline o = model.outages(from, to);
                    outage += o.totalSeconds();
                    assertTrue(o.hitless(), id + ": " + o);
                    long keys = model.activeKeys(Side.A, from, to).stream().map(ActiveSpan::ckn).flatMap(java.util.Optional::stream).distinct().count();
                    minKeys = (int) Math.min(minKeys, keys);
                    assertTrue(keys >= expected * 9 / 10, id + ": " + keys + " keys in service over " + soak + ", expected ~" + expected);
                }
                System.out.println("keys in service per link over " + soak + ": at least " + minKeys + " (cadence " + expected + ");"
                        + " outage over all links: " + outage + " s");

                // Flat: after the first third (warm-up), the later half of the samples neither holds more
                // heap after GC nor more threads than the earlier half; single samples vary with the work
                // in flight at that moment, so it compares the late minimum (heap) and maximum (threads).
                List<long[]> warm = samples.subList(samples.size() / 3, samples.size());
                List<long[]> early = warm.subList(0, warm.size() / 2);
                List<long[]> late = warm.subList(warm.size() / 2, warm.size());
                long heapEarly = early.stream().mapToLong(s -> s[1]).max().orElseThrow();
                long heapLate = late.stream().mapToLong(s -> s[1]).min().orElseThrow();
                long threadsEarly = early.stream().mapToLong(s -> s[2]).max().orElseThrow();
                long threadsLate = late.stream().mapToLong(s -> s[2]).max().orElseThrow();
                System.out.printf("after warm-up: heap after GC %.1f MiB (early max) -> %.1f MiB (late min), threads %d -> %d (max)%n",
                        heapEarly / 1048576.0, heapLate / 1048576.0, threadsEarly, threadsLate);
                assertTrue(heapLate <= heapEarly * 1.25 + 16 * 1048576L, "heap grows: " + heapEarly + " -> " + heapLate);
                assertTrue(threadsLate <= threadsEarly + 8, "threads grow: " + threadsEarly + " -> " + threadsLate);
            } finally {
                daemon.stop();
            }
        }
    }

    /** {seconds, heap used after a full GC, live threads}. */
    private static long[] sample(long seconds) {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new long[] {seconds, heap, ManagementFactory.getThreadMXBean().getThreadCount()};
    }
}
