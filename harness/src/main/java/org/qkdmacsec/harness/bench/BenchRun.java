package org.qkdmacsec.harness.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.qkdmacsec.controller.engine.EngineConfig;
import org.qkdmacsec.controller.engine.EngineEvents.StepEvent;
import org.qkdmacsec.controller.engine.RolloverRequest;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.controller.engine.ThreadPoolScheduler;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.journal.JournalDatabase;
import org.qkdmacsec.controller.runtime.ControllerRuntime;
import org.qkdmacsec.controller.runtime.LinkSpecs;

/**
 * The controller's side of {@code bench}: keys every link (round 0, not measured), then rolls every link
 * over {@code rounds} times, measuring each round from this process (CPU, heap, threads, the engine's
 * own PREPARED steps) and from the lab process (commit operations, KME requests, MKA outage). Real time
 * throughout: the lab's commit latency is wall time, as on real routers.
 */
final class BenchRun {
    private final LabProcess lab;
    private final Inventory inventory;
    private final Path dir;
    private final EngineConfig config;
    private final int workers;
    private final PrintWriter progress;
    private final ConcurrentLinkedQueue<Prepared> prepared = new ConcurrentLinkedQueue<>();

    /** One PREPARED step: how long fetch → both confirmed took, and when it ended. */
    private record Prepared(Duration took, Instant at) { }

    BenchRun(LabProcess lab, Inventory inventory, Path dir, EngineConfig config, int workers, PrintWriter progress) {
        this.lab = lab;
        this.inventory = inventory;
        this.dir = dir;
        this.config = config;
        this.workers = workers;
        this.progress = progress;
    }

    List<BenchReport.Round> run(int rounds, long baselineHeap) throws IOException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<BenchReport.Round> out = new ArrayList<>();
        Clock clock = Clock.systemUTC();
        try (ControllerRuntime rt = ControllerRuntime.builder(inventory, JournalDatabase.embedded(dir.resolve("journal")))
                .scheduler(new ThreadPoolScheduler(clock, workers)).config(config).meters(new SimpleMeterRegistry()).owner("bench").build()) {
            rt.events().onStep(this::step);
            say("keying " + inventory.links().size() + " link(s) (round 0, not measured)");
            List<Link> unkeyed = inventory.links();
            for (int attempt = 1; attempt <= 3 && !unkeyed.isEmpty(); attempt++) {
                List<RolloverResult> first = roll(rt, unkeyed);
                java.util.Set<String> failed = first.stream().filter(x -> !x.ok()).map(RolloverResult::linkId).collect(java.util.stream.Collectors.toSet());
                if (!failed.isEmpty()) {
                    say(failed.size() + " link(s) not keyed on try " + attempt + ", e.g. " + firstFailure(first));
                }
                unkeyed = unkeyed.stream().filter(l -> failed.contains(l.id())).toList();
            }
            if (!unkeyed.isEmpty()) {
                throw new IOException(unkeyed.size() + " link(s) could not be keyed in three tries; nothing measured");
            }
            for (int r = 1; r <= rounds; r++) {
                prepared.clear();
                JsonNode before = lab.stats(Instant.now());
                threads.resetPeakThreadCount();
                long cpu0 = os.getProcessCpuTime();
                Instant t0 = Instant.now();
                say("round " + r + ": rolling " + inventory.links().size() + " link(s)");
                List<RolloverResult> results = roll(rt, inventory.links());
                Instant t1 = Instant.now();
                long cpu = os.getProcessCpuTime() - cpu0;
                int peakThreads = threads.getPeakThreadCount();
                // MKA settles within a hello or two after the last retirement; then the lab judges the whole round.
                sleep(Duration.ofSeconds(3));
                JsonNode after = lab.stats(t0);
                System.gc();
                System.gc();
                long heap = memory.getHeapMemoryUsage().getUsed() - baselineHeap;
                out.add(round(r, results, t0, t1, cpu, peakThreads, threads.getThreadCount(), heap, before, after));
                say("round " + r + ": " + out.get(out.size() - 1).summary());
            }
        }
        return out;
    }

    private List<RolloverResult> roll(ControllerRuntime rt, List<Link> links) {
        List<CompletableFuture<RolloverResult>> futures = new ArrayList<>();
        for (Link l : links) {
            futures.add(rt.engine().submit(RolloverRequest.immediate(LinkSpecs.of(rt.inventory(), l))));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private void step(StepEvent e) {
        if (e.step().equals("PREPARED") && e.outcome().equals("OK")) {
            prepared.add(new Prepared(e.duration(), Instant.now()));
        }
    }

    private BenchReport.Round round(int r, List<RolloverResult> results, Instant t0, Instant t1, long cpuNanos, int peakThreads,
                                    int liveThreads, long heap, JsonNode before, JsonNode after) {
        int n = results.size();
        List<Duration> paths = new ArrayList<>(prepared.stream().map(Prepared::took).toList());
        Collections.sort(paths);
        Instant lastPrepared = prepared.stream().map(Prepared::at).max(Instant::compareTo).orElse(t1);
        Map<String, Long> commits = new TreeMap<>();
        after.path("commits").fields().forEachRemaining(e -> commits.put(e.getKey(),
                e.getValue().asLong() - before.path("commits").path(e.getKey()).asLong()));
        long encRequests = 0;
        for (var it = after.path("kme").fields(); it.hasNext(); ) {
            var e = it.next();
            encRequests += e.getValue().path("enc_keys").asLong() - before.path("kme").path(e.getKey()).path("enc_keys").asLong();
        }
        long keys = results.stream().mapToLong(x -> x.newCkns().size()).sum();
        double outage = 0;
        List<String> unsecured = new ArrayList<>();
        for (var it = after.path("outage_seconds").fields(); it.hasNext(); ) {
            var e = it.next();
            outage += e.getValue().asDouble();
            if (e.getValue().asDouble() > 0) {
                unsecured.add(e.getKey());
            }
        }
        Map<String, Long> outcomes = new TreeMap<>();
        results.forEach(x -> outcomes.merge(x.ok() ? "DONE" : x.state() + x.reason().map(y -> " " + y).orElse(""), 1L, Long::sum));
        long retried = results.stream().filter(RolloverResult::triedAgain).count();
        return new BenchReport.Round(r, n, outcomes, retried, Duration.between(t0, lastPrepared), Duration.between(t0, t1),
                percentile(paths, 50), percentile(paths, 99), paths.isEmpty() ? Duration.ZERO : paths.get(paths.size() - 1),
                commits.values().stream().mapToLong(Long::longValue).sum(), commits.values().stream().mapToLong(Long::longValue).max().orElse(0),
                encRequests, keys, heap, peakThreads, liveThreads, cpuNanos, outage, unsecured);
    }

    static Duration percentile(List<Duration> sorted, int p) {
        if (sorted.isEmpty()) {
            return Duration.ZERO;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static String firstFailure(List<RolloverResult> results) {
        return results.stream().filter(r -> !r.ok()).findFirst().map(r -> r.linkId() + " " + r.state() + " "
                + r.reason().map(Enum::name).orElse("") + ": " + r.message()).orElse("");
    }

    private void say(String line) {
        if (progress != null) {
            progress.println("bench: " + line);
            progress.flush();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
