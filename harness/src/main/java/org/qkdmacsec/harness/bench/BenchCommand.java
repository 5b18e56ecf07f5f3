package org.qkdmacsec.harness.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.qkdmacsec.controller.cli.DurationConverter;
import org.qkdmacsec.controller.cli.Main;
import org.qkdmacsec.controller.cli.OutputFormat;
import org.qkdmacsec.controller.engine.EngineConfig;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.controller.inventory.InventoryLoader;
import org.qkdmacsec.harness.cli.DemoLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bench}: how the controller scales. Generates an N-link inventory over M lab routers, starts the
 * lab in a separate process (so only the controller's own cost is measured here), keys every link, rolls
 * every link over, and reports throughput, per-link critical path, commits per router, keys per KME
 * request, heap per link, threads, CPU per rollover and the MKA outage.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {
            "Measure the controller at scale against the lab: generate --links links over --routers lab routers",
            "(paired; links dealt over the pairs), start the simulators in a separate process on free ports,",
            "key every link (round 0, not measured), then roll every link over --rounds times in real time",
            "with the routers' --commit-latency. Prints, per round: rollovers done, time until every link's",
            "new key was confirmed on both ends (and rollovers per minute over it), time until every link was",
            "verified and retired, per-link critical path (key fetch to both confirmed) p50/p99, commits per",
            "router, keys per KME request, controller heap per link after GC, peak threads, controller CPU per",
            "rollover, and the seconds without a secured MKA CA per the lab's link models (must be 0).",
            "docs/performance.md has the figures measured on the reference machine and the commands.",
            ""},
        footer = {"", "Examples:",
            "  qkd-macsec bench --links 48 --routers 2 --commit-latency 3s",
            "  qkd-macsec bench --links 10000 --routers 200 -o json",
            "", "Exit codes: 0 every rollover DONE with 0 s outage, 1 otherwise, 2 usage error."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--links", required = true, paramLabel = "N", description = "Links to generate and roll.")
    int links;

    @Option(names = "--routers", defaultValue = "2", paramLabel = "M", description = "Lab routers, an even number (default: ${DEFAULT-VALUE}).")
    int routers;

    @Option(names = "--vendor", defaultValue = "junos", paramLabel = "V",
            description = "junos, iosxr (gNMI) or mixed (pairs alternate) (default: ${DEFAULT-VALUE}).")
    String vendor;

    @Option(names = "--commit-latency", defaultValue = "0s", converter = DurationConverter.class, paramLabel = "D",
            description = "How long each lab router takes per commit, in wall time (default: ${DEFAULT-VALUE}).")
    Duration commitLatency;

    @Option(names = "--rounds", defaultValue = "1", paramLabel = "R", description = "Measured rollovers per link (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--workers", defaultValue = "8", paramLabel = "W",
            description = "Engine worker threads, as the daemon's engine.workers (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--max-concurrent", paramLabel = "C",
            description = "Transactions preparing at once, as the daemon's engine.max-concurrent (default: the engine's).")
    Integer maxConcurrent;

    @Option(names = "--batch-window", converter = DurationConverter.class, paramLabel = "D",
            description = "How long a ready transaction waits for others on its routers (default: the engine's, 2s).")
    Duration batchWindow;

    @Option(names = "--fast-timers", hidden = true,
            description = "Short engine timers (confirm window, margins) for a quick run in tests; figures are not comparable.")
    boolean fastTimers;

    @Option(names = "--keep", paramLabel = "DIR", description = "Keep the generated inventory, journal and lab log in DIR.")
    Path keep;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Log lines on the terminal (default: controller.log in the work directory;"
            + " with --keep it stays).")
    boolean verbose;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchTopology topology;
        try {
            topology = new BenchTopology(links, routers, vendor, commitLatency);
            if (rounds < 1 || workers < 1 || maxConcurrent != null && maxConcurrent < 1) {
                throw new IllegalArgumentException("--rounds, --workers and --max-concurrent must be at least 1");
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return Main.USAGE;
        }
        EngineConfig config = engineConfig();
        Path dir = keep != null ? Files.createDirectories(keep.toAbsolutePath()) : Files.createTempDirectory("qkd-macsec-bench");
        // A journal left by an earlier run in a kept directory would hold its unfinished transactions' links.
        deleteTree(dir.resolve("journal"));
        PrintWriter progress = quiet ? null : err;
        // Every transaction's outcome belongs in the log file (a CLI command before this one in the same
        // process may have quietened them for its terminal).
        ch.qos.logback.classic.Logger events = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("qkd_macsec.rollover");
        ch.qos.logback.classic.Level eventsBefore = events.getLevel();
        events.setLevel(null);
        try (DemoLog log = verbose ? DemoLog.onTerminal() : DemoLog.toFile(dir, "controller.log")) {
            long t0 = System.nanoTime();
            Path labInventory = dir.resolve("lab-inventory.yaml");
            Files.writeString(labInventory, topology.yaml(dir, Map.of()));
            say(progress, "starting the lab (" + topology.routers() + " routers, 2 KMEs) in its own process; log " + dir.resolve("lab.log"));
            long baseline = heapAfterGc();
            try (LabProcess lab = LabProcess.start(labInventory, dir, Math.max(10_000, 3 * links * (rounds + 2)), Duration.ofMinutes(15))) {
                Path file = dir.resolve("inventory.yaml");
                Files.writeString(file, topology.yaml(dir, lab.ports()));
                Inventory inventory = InventoryLoader.load(file);
                Duration setup = Duration.ofNanos(System.nanoTime() - t0);
                List<BenchReport.Round> measured = new BenchRun(lab, inventory, dir, config, workers, progress).run(rounds, baseline);
                BenchReport report = new BenchReport(topology, workers, config.maxConcurrent(), setup, measured);
                if (output == OutputFormat.json) {
                    report.printJson(out);
                } else {
                    report.print(out);
                }
                return report.ok() ? Main.OK : Main.FAILED;
            }
        } catch (ConfigException e) {
            e.lines().forEach(err::println);
            err.flush();
            return Main.FAILED;
        } catch (IOException e) {
            err.println("bench: " + e.getMessage());
            err.flush();
            return Main.FAILED;
        } finally {
            events.setLevel(eventsBefore);
            if (keep == null) {
                deleteTree(dir);
            }
        }
    }

    private EngineConfig engineConfig() {
        EngineConfig d = EngineConfig.defaults();
        if (fastTimers) {
            d = new EngineConfig(d.skewBound(), Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(2), Duration.ofSeconds(1),
                    Duration.ofSeconds(30), Duration.ofSeconds(1), d.maxConcurrent());
        }
        if (maxConcurrent != null) {
            d = new EngineConfig(d.skewBound(), d.leadMargin(), d.confirmWindow(), d.confirmSafety(), d.verifySettle(), d.verifyTimeout(),
                    d.pollInterval(), maxConcurrent, d.reconcileTimeout(), d.kmeWait(), d.batchWindow(), d.batchLinks());
        }
        return batchWindow == null ? d : d.withBatching(batchWindow, d.batchLinks());
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void say(PrintWriter progress, String line) {
        if (progress != null) {
            progress.println("bench: " + line);
            progress.flush();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
