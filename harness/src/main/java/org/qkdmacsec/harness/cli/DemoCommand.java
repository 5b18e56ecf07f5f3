package org.qkdmacsec.harness.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.qkdmacsec.controller.cli.CommandSupport;
import org.qkdmacsec.controller.cli.InventoryOptions;
import org.qkdmacsec.controller.cli.Main;
import org.qkdmacsec.controller.cli.OutputOptions;
import org.qkdmacsec.controller.engine.RolloverRequest;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.controller.engine.ThreadPoolScheduler;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.LabSettings;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.controller.inventory.InventoryLoader;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.journal.JournalDatabase;
import org.qkdmacsec.controller.runtime.ControllerRuntime;
import org.qkdmacsec.controller.runtime.LinkSpecs;
import org.qkdmacsec.harness.cli.DemoReport.LinkRun;
import org.qkdmacsec.harness.engine.SimulatedScheduler;
import org.qkdmacsec.harness.lab.EmbeddedLab;
import org.qkdmacsec.harness.lab.LabException;
import org.qkdmacsec.lab.mka.MkaLinkModel;
import org.qkdmacsec.lab.kernel.KernelLab;
import org.qkdmacsec.lab.mka.OutageTimeline;
import org.qkdmacsec.lab.time.ManualClock;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code demo}: the whole product on one machine. The lab inventory's simulators start in this
 * process on free loopback ports; the controller rolls every link several times through the real
 * protocols (mutual-TLS ETSI 014, SSH/NETCONF) on simulated time, and the MKA link model says
 * whether any second of the run was unsecured.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {
            "Start the embedded lab (KMEs and routers from inventory/lab.yaml, on free loopback ports,",
            "in this process), key every link, then roll every link over --rounds times. Everything",
            "speaks the real protocols; only waiting is simulated (start-times, overlaps), so an hour",
            "of schedule runs in seconds. Prints per link the rollovers done and the seconds without a",
            "secured MKA CA according to the MKA link model, from the first key on.",
            "The inventory defaults to inventory/lab.yaml, or the copy built into the jar.",
            "",
            "The terminal shows the engine's progress (stderr) and the summary (stdout). The simulators',",
            "drivers' and controller's log lines go to demo.log in the lab state directory (lab.state-dir,",
            "default var/lab), named at the end; -v prints them on the terminal instead. -o json prints one",
            "object (docs/schema/demo.schema.json): outage_seconds, pings_sent and pings_lost per link, each",
            "rollover as rollover -o json gives it, and the link's status as status -o json gives it.",
            ""},
        footer = {"", "Exit codes: 0 every rollover DONE with 0 s outage, 1 otherwise, 2 usage or inventory error."})
final class DemoCommand implements Callable<Integer> {
    static final Path DEFAULT_INVENTORY = Path.of("inventory/lab.yaml");

    @Spec
    CommandSpec spec;

    /** Optional: default inventory/lab.yaml, or the copy built into the jar. */
    @ArgGroup(exclusive = false)
    InventoryOptions inventory;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N", description = "Rollovers per link after the first keying (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Log lines (simulators, drivers, controller) on stderr instead of demo.log.")
    boolean verbose;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (rounds < 1) {
            err.println("--rounds must be at least 1");
            err.flush();
            return Main.USAGE;
        }
        Inventory source;
        try {
            source = loadInventory();
        } catch (ConfigException e) {
            e.errors().forEach(err::println);
            err.flush();
            return Main.USAGE;
        }
        Path work = Files.createTempDirectory("qkd-macsec-demo");
        ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        long wallStart = System.nanoTime();
        Instant simStart = clock.instant();
        List<LinkRun> runs = new ArrayList<>();
        Path stateDir = source.lab().map(LabSettings::stateDir).orElse(LabSettings.DEFAULT_STATE_DIR);
        try (DemoLog log = verbose ? DemoLog.onTerminal() : DemoLog.toFile(stateDir);
             EmbeddedLab lab = EmbeddedLab.start(source, clock, EmbeddedLab.Ports.EPHEMERAL, Optional.of(work.resolve("lab")))) {
            if (!quiet) {
                CommandSupport.progressOnTerminal();
                err.println("demo: lab started in " + work + "; simulated time starts " + simStart);
                lab.notes().forEach(n -> err.println("demo: " + n));
            }
            Inventory inv = lab.inventory();
            List<Link> modelled = inv.links().stream().filter(l -> lab.model(l.id()).isPresent()).toList();
            List<Link> kernel = inv.links().stream().filter(l -> lab.model(l.id()).isEmpty() && lab.kernel().isPresent()).toList();
            runs.addAll(simulated(lab, modelled, clock, work, err));
            runs.addAll(realKernel(lab, kernel, work, err));
            DemoReport.Run run = new DemoReport.Run(runs, rounds, Duration.between(simStart, clock.instant()),
                    Duration.ofNanos(System.nanoTime() - wallStart), log.file());
            if (output.json()) {
                DemoReport.json(out, inv, run);
            } else {
                DemoReport.table(out, inv, run);
            }
            log.file().ifPresent(f -> err.println("demo: simulator, driver and controller log lines are in " + f + " (-v prints them here)"));
            err.flush();
        } catch (LabException e) {
            err.println("demo: " + e.getMessage());
            err.flush();
            return Main.FAILED;
        } finally {
            deleteTree(work);
        }
        return runs.stream().allMatch(LinkRun::ok) ? Main.OK : Main.FAILED;
    }

    /** Links with an MKA model: simulated time, outage from the model. */
    private List<LinkRun> simulated(EmbeddedLab lab, List<Link> links, ManualClock clock, Path work, PrintWriter err) {
        if (links.isEmpty()) {
            return List.of();
        }
        SimulatedScheduler scheduler = new SimulatedScheduler(clock);
        try (ControllerRuntime rt = ControllerRuntime.builder(lab.inventory(), JournalDatabase.embedded(work.resolve("journal")))
                .scheduler(scheduler).owner("demo").build()) {
            progress(rt, err, clock);
            Map<String, Instant> securedFrom = new LinkedHashMap<>();
            Map<String, List<RolloverResult>> results = rounds(rt, links, futures ->
                    scheduler.runUntil(() -> futures.stream().allMatch(CompletableFuture::isDone), Duration.ofDays(1)),
                    (link, r) -> lab.model(link).ifPresent(m -> securedFrom.put(link, firstSecured(m, r.start().orElseThrow()))));
            // Let the last overlap and retirement play out before measuring.
            scheduler.advance(Duration.ofMinutes(5));
            Instant end = clock.instant();
            List<LinkRun> runs = new ArrayList<>();
            for (Link l : links) {
                Optional<OutageTimeline> o = lab.model(l.id()).map(m -> m.outages(securedFrom.getOrDefault(l.id(), end), end));
                runs.add(new LinkRun(l, results.get(l.id()), o.map(OutageTimeline::totalSeconds), Optional.empty(),
                        o.map(OutageTimeline::hitless).orElse(false), status(rt, l, end),
                        described(rt, l, f -> scheduler.runUntil(f::isDone, Duration.ofMinutes(1)))));
            }
            return runs;
        }
    }

    /** The real-kernel Linux link: real time, ping traffic across it, loss counted by the kernel. */
    private List<LinkRun> realKernel(EmbeddedLab lab, List<Link> links, Path work, PrintWriter err) {
        if (links.isEmpty()) {
            return List.of();
        }
        KernelLab k = lab.kernel().orElseThrow();
        java.time.Clock clock = java.time.Clock.systemUTC();
        List<LinkRun> runs = new ArrayList<>();
        try (ControllerRuntime rt = ControllerRuntime.builder(lab.inventory(), JournalDatabase.embedded(work.resolve("journal-kernel")))
                .scheduler(new ThreadPoolScheduler(clock, 4)).owner("demo").build()) {
            progress(rt, err, clock);
            DemoTraffic[] traffic = new DemoTraffic[1];
            Map<String, List<RolloverResult>> results = rounds(rt, links,
                    futures -> futures.forEach(CompletableFuture::join),
                    (link, r) -> traffic[0] = new DemoTraffic(k, k.devices().get(0)));
            if (traffic[0] == null) {
                links.forEach(l -> runs.add(new LinkRun(l, results.get(l.id()), Optional.empty(), Optional.empty(), false,
                        status(rt, l, clock.instant()), DemoReport.Described.UNKNOWN)));
                return runs;
            }
            traffic[0].close();
            DemoReport.Pings pings = new DemoReport.Pings(traffic[0].sent(), traffic[0].lost());
            for (Link l : links) {
                runs.add(new LinkRun(l, results.get(l.id()), Optional.empty(), Optional.of(pings), pings.lost() == 0,
                        status(rt, l, clock.instant()), described(rt, l, CompletableFuture::join)));
            }
            return runs;
        }
    }

    /** The first keying (round 0), then {@code rounds} rollovers of every link. */
    private Map<String, List<RolloverResult>> rounds(ControllerRuntime rt, List<Link> links,
            java.util.function.Consumer<List<CompletableFuture<RolloverResult>>> await,
            java.util.function.BiConsumer<String, RolloverResult> keyed) {
        Map<String, List<RolloverResult>> results = new LinkedHashMap<>();
        links.forEach(l -> results.put(l.id(), new ArrayList<>()));
        for (int round = 0; round <= rounds; round++) {
            Map<String, CompletableFuture<RolloverResult>> futures = new LinkedHashMap<>();
            for (Link l : links) {
                futures.put(l.id(), rt.engine().submit(RolloverRequest.immediate(LinkSpecs.of(rt.inventory(), l))));
            }
            await.accept(new ArrayList<>(futures.values()));
            for (var e : futures.entrySet()) {
                RolloverResult r = e.getValue().join();
                results.get(e.getKey()).add(r);
                if (round == 0 && r.ok()) {
                    keyed.accept(e.getKey(), r);
                }
            }
        }
        return results;
    }

    private void progress(ControllerRuntime rt, PrintWriter err, java.time.Clock clock) {
        if (!quiet) {
            rt.events().onStep(e -> CommandSupport.progress(err, e, clock));
        }
    }

    private Inventory loadInventory() throws IOException {
        Optional<Path> file = InventoryOptions.file(inventory);
        if (file.isPresent()) {
            return InventoryLoader.load(file.get());
        }
        if (Files.exists(DEFAULT_INVENTORY)) {
            return InventoryLoader.load(DEFAULT_INVENTORY);
        }
        try (InputStream in = DemoCommand.class.getResourceAsStream("/inventory/lab.yaml")) {
            if (in == null) {
                throw new IOException("no inventory/lab.yaml here and none built into the jar; pass --inventory");
            }
            return InventoryLoader.parse("lab.yaml (built in)", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static Instant firstSecured(MkaLinkModel model, Instant keyStart) {
        OutageTimeline before = model.outages(keyStart, keyStart.plus(Duration.ofMinutes(1)));
        return before.outages().stream().filter(i -> !i.from().isAfter(keyStart)).map(i -> i.to()).findFirst().orElse(keyStart);
    }

    /** The link as {@code status -o json} gives it, from this run's journal. */
    /** What both ends' interface descriptions name now, read from the devices through the engine (under their locks). */
    private static DemoReport.Described described(ControllerRuntime rt, Link l, java.util.function.Consumer<CompletableFuture<?>> await) {
        try {
            CompletableFuture<org.qkdmacsec.controller.engine.LinkObservation> f = rt.engine().observe(LinkSpecs.of(rt.inventory(), l));
            await.accept(f);
            var o = f.join();
            Optional<String> active = rt.journal().linkState(l.id()).flatMap(org.qkdmacsec.controller.journal.LinkStateRecord::activeKeyId);
            return new DemoReport.Described(o.a().describedKeyId(), o.b().describedKeyId(), active);
        } catch (RuntimeException e) {
            return DemoReport.Described.UNKNOWN;
        }
    }

    private static ObjectNode status(ControllerRuntime rt, Link l, Instant now) {
        return CommandSupport.linkStatusJson(rt.inventory(), l.id(), rt.journal(), now);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
