package org.qkdmacsec.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.qkdmacsec.controller.cli.CommandSupport;
import org.qkdmacsec.controller.cli.Main;
import org.qkdmacsec.controller.cli.OutputOptions;
import org.qkdmacsec.controller.cli.RuntimeOptions;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.config.Durations;
import org.qkdmacsec.controller.journal.JournalException;
import org.qkdmacsec.controller.runtime.OwnerId;
import org.qkdmacsec.harness.lab.LabException;
import org.qkdmacsec.harness.playbook.CaseResult;
import org.qkdmacsec.harness.playbook.JUnitReport;
import org.qkdmacsec.harness.playbook.PlaybookReport;
import org.qkdmacsec.harness.playbook.PlaybookRunner;
import org.qkdmacsec.harness.playbook.PlaybookSession;
import org.qkdmacsec.harness.playbook.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code playbook run}: a playbook through the rollover engine, with a JUnit report. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {
            "Run a playbook (docs/playbooks.md): rollovers through the same engine as qkd-macsec rollover,",
            "waits, verifications read from the devices through the drivers, and (with --lab) injected faults.",
            "",
            "With --lab the inventory's lab: simulators start in this process on free loopback ports and the",
            "run uses simulated time, so hours of schedule take seconds; every rollover must also show 0 s of",
            "outage in the MKA link model. Without --lab it drives the devices and KMEs the inventory names, on",
            "real time, journalling like any other command.",
            "",
            "Progress goes to stderr, the summary (or with -o json the whole report) to stdout, the JUnit XML",
            "report to --report. Rollover cases carry outage_seconds (lab runs) and the result's state and",
            "reason as test-case properties in the JUnit report.",
            ""},
        footer = {"", "Exit codes: 0 every check passed, 1 a check failed (or the lab could not start),",
            "            2 usage, inventory or playbook error (listed as file:line:col: field: problem)."})
final class PlaybookRunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PlaybookOptions options;

    @Option(names = "--report", paramLabel = "FILE", description = "Write a JUnit XML report here (one test case per step and target).")
    Path report;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Also print every engine step of every transaction on stderr.")
    boolean verbose;

    @Mixin
    OutputOptions output;

    /** Without --lab: the journal and the host-key policy of the devices the inventory names. */
    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<PlaybookOptions.Loaded> loaded = options.load(err);
        if (loaded.isEmpty()) {
            return Main.USAGE;
        }
        Clock wall = Clock.systemUTC();
        CommandSupport.progressOnTerminal();
        ch.qos.logback.classic.Logger ours = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.qkdmacsec");
        ch.qos.logback.classic.Logger events = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("qkd_macsec.rollover");
        ch.qos.logback.classic.Level before = ours.getLevel();
        ch.qos.logback.classic.Level eventsBefore = events.getLevel();
        if (options.lab && System.getenv("QKD_MACSEC_LOG_LEVEL") == null) {
            // In a lab run the simulators' and drivers' INFO lines (every request, every commit) would bury the verdicts,
            // and every transaction's outcome is a verdict already (the expected aborts included, which WARN would flag).
            ours.setLevel(ch.qos.logback.classic.Level.WARN);
            events.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
        try (PlaybookSession session = open(loaded.get(), wall, err)) {
            if (!quiet) {
                err.println("playbook " + loaded.get().playbook().name() + " (" + options.playbookFile + ") against " + options.inventory.file()
                        + (session.lab().isPresent() ? ": embedded lab, simulated time from " + session.timeline().now() : ": real devices"));
                session.notes().forEach(n -> err.println("  note: " + n));
                session.leftOut().forEach((id, why) -> err.println("  left out: " + id + " — " + why));
                if (verbose) {
                    session.runtime().events().onStep(e -> CommandSupport.progress(err, e, session.timeline().clock()));
                }
            }
            PlaybookReport r = new PlaybookRunner(loaded.get().playbook(), session, quiet ? Progress.NONE : new PlaybookProgress(err), wall).run();
            if (report != null) {
                JUnitReport.write(r, report);
            }
            if (output.json()) {
                CommandSupport.printJson(out, PlaybookJson.of(r));
            } else {
                summary(out, r);
            }
            return r.ok() ? Main.OK : Main.FAILED;
        } catch (LabException | JournalException | UncheckedIOException | IllegalArgumentException e) {
            err.println("playbook: " + e.getMessage());
            err.flush();
            return Main.FAILED;
        } catch (IOException e) {
            err.println("playbook: cannot create a working directory: " + e.getMessage());
            err.flush();
            return Main.FAILED;
        } finally {
            ours.setLevel(before);
            events.setLevel(eventsBefore);
        }
    }

    private PlaybookSession open(PlaybookOptions.Loaded loaded, Clock wall, PrintWriter err) throws IOException {
        if (options.lab) {
            return PlaybookSession.lab(loaded.inventory(), wall);
        }
        PlaybookSession s = PlaybookSession.real(runtime.open(loaded.inventory()), wall);
        // As every command does: finish what a dead qkd-macsec process left unfinished before touching the links.
        try {
            List<CompletableFuture<RolloverResult>> recovered = s.runtime().recover(t -> OwnerId.isDeadLocalProcess(t.owner()));
            for (CompletableFuture<RolloverResult> f : recovered) {
                RolloverResult r = f.join();
                err.println("recovered " + r.linkId() + ": " + r.state() + r.reason().map(x -> " " + x).orElse("") + " — " + r.message());
            }
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void summary(PrintWriter out, PlaybookReport r) {
        out.printf("%s: %d passed, %d failed, %d errors, %d skipped — %.1f s wall%s%n", r.playbook(),
                r.count(CaseResult.Status.PASSED), r.count(CaseResult.Status.FAILED), r.count(CaseResult.Status.ERROR),
                r.count(CaseResult.Status.SKIPPED), r.wall().toMillis() / 1000.0,
                r.simulated().map(d -> ", " + Durations.format(d) + " simulated").orElse(""));
        for (CaseResult c : r.cases()) {
            if (c.status() == CaseResult.Status.FAILED || c.status() == CaseResult.Status.ERROR) {
                out.println("  " + PlaybookProgress.status(c) + " " + c.name() + ": " + c.message());
            }
        }
        if (report != null) {
            out.println("JUnit report: " + report);
        }
        out.flush();
    }
}
