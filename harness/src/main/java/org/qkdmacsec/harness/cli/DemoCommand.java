package org.qkdmacsec.harness.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
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
import org.qkdmacsec.controller.cli.OutputFormat;
import org.qkdmacsec.controller.cli.Table;
import org.qkdmacsec.controller.engine.RolloverRequest;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.controller.engine.ThreadPoolScheduler;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.controller.inventory.InventoryLoader;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.journal.JournalDatabase;
import org.qkdmacsec.controller.runtime.ControllerRuntime;
import org.qkdmacsec.controller.runtime.LinkSpecs;
import org.qkdmacsec.harness.engine.SimulatedScheduler;
import org.qkdmacsec.harness.lab.EmbeddedLab;
import org.qkdmacsec.harness.lab.LabException;
import org.qkdmacsec.lab.mka.MkaLinkModel;
import org.qkdmacsec.lab.kernel.KernelLab;
import org.qkdmacsec.lab.mka.OutageTimeline;
import org.qkdmacsec.lab.time.ManualClock;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
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

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    /** What happened on one link: results, the outage in words, and whether it was hitless. */
    private record LinkRun(Link link, List<RolloverResult> results, Optional<String> outage, boolean hitless) {
        boolean ok() {
            return results.stream().allMatch(RolloverResult::ok) && hitless;
        }
    }

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
        try (EmbeddedLab lab = EmbeddedLab.start(source, clock, EmbeddedLab.Ports.EPHEMERAL, Optional.of(work.resolve("lab")))) {
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
            report(out, inv, runs, Duration.between(simStart, clock.instant()), Duration.ofNanos(System.nanoTime() - wallStart));
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
                runs.add(new LinkRun(l, results.get(l.id()), o.map(t -> String.format("%.1f s", t.totalSeconds())),
                        o.map(OutageTimeline::hitless).orElse(false)));
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
                links.forEach(l -> runs.add(new LinkRun(l, results.get(l.id()), Optional.of("not keyed"), false)));
                return runs;
            }
            traffic[0].close();
            long lost = traffic[0].lost();
            for (Link l : links) {
                runs.add(new LinkRun(l, results.get(l.id()), Optional.of(lost + " of " + traffic[0].sent() + " pings lost"), lost == 0));
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

    private void report(PrintWriter out, Inventory inv, List<LinkRun> runs, Duration simulated, Duration wall) {
        if (output == OutputFormat.json) {
            ObjectNode root = CommandSupport.jsonObject();
            root.put("simulated_seconds", simulated.toSeconds());
            root.put("wall_seconds", wall.toMillis() / 1000.0);
            root.put("ok", runs.stream().allMatch(LinkRun::ok));
            ArrayNode links = root.putArray("links");
            for (LinkRun r : runs) {
                ObjectNode o = links.addObject();
                o.put("link", r.link().id());
                o.put("a", r.link().a().address());
                o.put("b", r.link().b().address());
                o.put("vendors", vendors(inv, r.link()));
                o.put("rollovers", r.results().size());
                o.put("done", r.results().stream().filter(RolloverResult::ok).count());
                r.outage().ifPresent(t -> o.put("outage", t));
                o.put("hitless", r.hitless());
                o.put("ok", r.ok());
                ArrayNode rs = o.putArray("results");
                r.results().forEach(x -> rs.add(CommandSupport.resultJson(x)));
            }
            CommandSupport.printJson(out, root);
            return;
        }
        Table t = new Table("LINK", "ENDS", "VENDORS", "ROLLOVERS", "LAST CKN", "OUTAGE", "RESULT");
        for (LinkRun r : runs) {
            long done = r.results().stream().filter(RolloverResult::ok).count();
            String last = r.results().stream().filter(RolloverResult::ok).reduce((a, b) -> b)
                    .flatMap(x -> x.newCkns().stream().findFirst()).map(CommandSupport::shortCkn).orElse("-");
            String failed = r.results().stream().filter(x -> !x.ok()).findFirst()
                    .map(x -> x.state() + " " + x.reason().map(Enum::name).orElse("")).orElse("");
            t.row(r.link().id(), r.link().a().address() + " <-> " + r.link().b().address(), vendors(inv, r.link()),
                    done + "/" + r.results().size(), last,
                    r.outage().orElse("n/a"),
                    r.ok() ? "ok" : "FAILED " + failed.trim());
        }
        t.print(out);
        out.printf("%d link(s), %d rollover(s) each (the first keys the link), %s of simulated time; %.1f s wall.%n",
                runs.size(), rounds + 1, org.qkdmacsec.config.Durations.format(simulated), wall.toMillis() / 1000.0);
        out.println("OUTAGE: seconds without a secured MKA CA per the MKA link model, from the first key on (simulated time);");
        out.println("        for the real-kernel Linux link, pings lost across it (10 ms apart) while its keys rolled (real time).");
        out.println(runs.stream().allMatch(LinkRun::ok) ? "Every rollover succeeded with 0 s outage." : "Some rollovers failed or lost traffic; see above.");
        out.flush();
    }

    private static String vendors(Inventory inv, Link l) {
        return inv.device(l.a().device()).map(d -> d.vendor().id()).orElse("?") + "-"
                + inv.device(l.b().device()).map(d -> d.vendor().id()).orElse("?");
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
