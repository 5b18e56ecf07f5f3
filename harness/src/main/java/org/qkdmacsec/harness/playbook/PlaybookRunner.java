package org.qkdmacsec.harness.playbook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.config.Durations;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.lab.mka.OutageTimeline;

/**
 * Runs a playbook in a {@link PlaybookSession}: every step through the same engine as the
 * {@code rollover} command, one verdict per step and target. A failed step does not stop the run
 * unless the playbook says {@code stop-on-failure: true}; the rest is then reported as skipped.
 *
 * <pre>{@code
 * try (PlaybookSession s = PlaybookSession.lab(inventory, Clock.systemUTC())) {
 *     PlaybookReport r = new PlaybookRunner(playbook, s, Progress.NONE, Clock.systemUTC()).run();
 *     JUnitReport.write(r, Path.of("target/lab-smoke.xml"));
 * }
 * }</pre>
 */
public final class PlaybookRunner {
    private final Playbook playbook;
    private final PlaybookSession session;
    private final Progress progress;
    private final Clock wall;
    private final RunState state;
    private final Targets targets;
    private final LinkChecks checks;
    private final RolloverStep rollovers;
    private final List<CaseResult> cases = new ArrayList<>();
    private boolean stopped;

    public PlaybookRunner(Playbook playbook, PlaybookSession session, Progress progress, Clock wall) {
        this.playbook = playbook;
        this.session = session;
        this.progress = progress;
        this.wall = wall;
        this.state = new RunState(session);
        this.targets = new Targets(session.inventory(), session.leftOut());
        this.checks = new LinkChecks(state);
        this.rollovers = new RolloverStep(state, checks);
    }

    /** Every step against this session's inventory: selectors that name no link, faults it cannot inject. */
    public void check() {
        PlaybookCheck.check(playbook, session.inventory(), session.leftOut(), session.lab().isPresent());
    }

    /** Runs every step; the report says what passed. Throws {@link ConfigException} when {@link #check()} finds problems. */
    public PlaybookReport run() {
        check();
        Instant startedAt = wall.instant();
        long wallStart = System.nanoTime();
        Instant simStart = state.now();
        run(playbook.steps(), new Scope("", List.of(), playbook.targets(), playbook.timeout()));
        state.outages.ifPresent(o -> securedThroughout(o, simStart));
        Duration simulated = Duration.between(simStart, state.now());
        String mode = session.lab().isPresent() ? "embedded lab, simulated time" : "real devices, real time";
        List<String> notes = new ArrayList<>(session.notes());
        session.leftOut().forEach((id, why) -> notes.add("link " + id + " left out: " + why));
        return new PlaybookReport(playbook.name(), playbook.description(), playbook.source(), session.inventory().source(), mode,
                startedAt, Duration.ofNanos(System.nanoTime() - wallStart),
                session.lab().isPresent() ? Optional.of(simulated) : Optional.empty(), cases, notes);
    }

    /** Where a step sits: its label prefix, the repeat rounds around it, its inherited targets and timeout. */
    private record Scope(String prefix, List<String> rounds, List<Selector> targets, Duration timeout) {
        String label(int index, Step s) {
            return prefix + index + " " + s.name() + (rounds.isEmpty() ? "" : " (round " + String.join(", ", rounds) + ")");
        }
    }

    private void run(List<Step> steps, Scope scope) {
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            String label = scope.label(i + 1, s);
            List<Selector> selectors = s.targets().orElse(scope.targets());
            Duration timeout = s.timeout().orElse(scope.timeout());
            if (s.action() instanceof Action.Repeat r) {
                for (int round = 1; round <= r.times(); round++) {
                    List<String> rounds = new ArrayList<>(scope.rounds());
                    rounds.add(round + "/" + r.times());
                    run(r.steps(), new Scope(scope.prefix() + (i + 1) + ".", rounds, selectors, timeout));
                }
                continue;
            }
            if (stopped) {
                record(new CaseResult(label, "", CaseResult.Status.SKIPPED, "skipped: an earlier step failed (stop-on-failure)", "", "",
                        Duration.ZERO, Duration.ZERO));
                continue;
            }
            List<Link> links = PlaybookCheck.needsLinks(s.action()) ? targets.resolve(selectors, new ArrayList<>()) : List.of();
            progress.step(label, describe(s), links.stream().map(Link::id).toList());
            long t0 = System.nanoTime();
            Instant sim0 = state.now();
            List<CaseResult> results;
            try {
                results = execute(s, label, links, timeout);
            } catch (RuntimeException e) {
                results = List.of(new CaseResult(label, "", CaseResult.Status.ERROR, e.getClass().getSimpleName() + ": " + e.getMessage(),
                        e.getClass().getSimpleName(), "", Duration.ofNanos(System.nanoTime() - t0), Duration.between(sim0, state.now())));
            }
            results.forEach(this::record);
            if (playbook.stopOnFailure() && results.stream().anyMatch(c -> !c.passed())) {
                stopped = true;
            }
        }
    }

    private void record(CaseResult c) {
        cases.add(c);
        progress.finished(c);
    }

    private List<CaseResult> execute(Step s, String label, List<Link> links, Duration timeout) {
        Action a = s.action();
        if (a instanceof Action.Rollover r) {
            return rollovers.run(s, r, label, links, timeout);
        }
        if (a instanceof Action.Wait w) {
            return waitFor(w, label, links, timeout);
        }
        if (a instanceof Action.Verify v) {
            return verify(s, v, label, links);
        }
        return fault(((Action.Fault) a).spec(), label, links);
    }

    private List<CaseResult> waitFor(Action.Wait w, String label, List<Link> links, Duration timeout) {
        long t0 = System.nanoTime();
        Instant sim0 = state.now();
        if (w.duration().isPresent()) {
            state.timeline.sleep(w.duration().get());
            return List.of(new CaseResult(label, "", CaseResult.Status.PASSED, "waited " + Durations.format(w.duration().get()), "", "",
                    Duration.ofNanos(System.nanoTime() - t0), Duration.between(sim0, state.now())));
        }
        Condition c = w.until().orElseThrow();
        Map<Link, LinkChecks.Polled> polled = checks.poll(links, l -> checks.condition(c, l), timeout, w.poll());
        return polledCases(label, polled, t0, sim0, "not " + c.id() + " within " + Durations.format(timeout) + ": ", "NOT_" + c.name());
    }

    private List<CaseResult> verify(Step s, Action.Verify v, String label, List<Link> links) {
        long t0 = System.nanoTime();
        Instant sim0 = state.now();
        // A verify checks once, unless the step gives itself time to become true.
        Duration within = s.timeout().orElse(Duration.ZERO);
        Map<Link, LinkChecks.Polled> polled = checks.poll(links, l -> checks.verify(l, v.ckn(), v.maxKeyAge()), within,
                PlaybookReader.DEFAULT_POLL);
        return polledCases(label, polled, t0, sim0, "", "VERIFY_FAILED");
    }

    private List<CaseResult> polledCases(String label, Map<Link, LinkChecks.Polled> polled, long t0, Instant sim0, String prefix, String type) {
        List<CaseResult> out = new ArrayList<>();
        Duration wallTime = Duration.ofNanos(System.nanoTime() - t0);
        Duration sim = Duration.between(sim0, state.now());
        polled.forEach((link, p) -> out.add(new CaseResult(label, link.id(), p.ok() ? CaseResult.Status.PASSED : CaseResult.Status.FAILED,
                p.ok() ? p.result().message() + p.after().filter(d -> !d.isZero()).map(d -> " (after " + Durations.format(d) + ")").orElse("")
                        : prefix + p.result().message(),
                p.ok() ? "" : type, String.join("\n", p.result().detail()), wallTime, sim)));
        return out;
    }

    private List<CaseResult> fault(FaultSpec spec, String label, List<Link> links) {
        long t0 = System.nanoTime();
        LabFaults faults = state.faults.orElseThrow();
        if (spec.kind() == FaultKind.CLEAR) {
            return List.of(new CaseResult(label, "lab", CaseResult.Status.PASSED, faults.clear(), "", "", Duration.ofNanos(System.nanoTime() - t0),
                    Duration.ZERO));
        }
        List<CaseResult> out = new ArrayList<>();
        for (String target : PlaybookCheck.faultTargets(spec, links)) {
            out.add(new CaseResult(label, target, CaseResult.Status.PASSED, faults.apply(spec, target), "", "",
                    Duration.ofNanos(System.nanoTime() - t0), Duration.ZERO));
        }
        return out;
    }

    /** Lab runs end with one verdict per keyed link: secured from its first key to the end of the run. */
    private void securedThroughout(OutageMeter meter, Instant simStart) {
        Instant end = state.now();
        if (!meter.securedSince().isEmpty()) {
            progress.step("end", "secured throughout the run (MKA model)", List.copyOf(meter.securedSince().keySet()));
        }
        for (Map.Entry<String, Instant> e : meter.securedSince().entrySet()) {
            Optional<OutageTimeline> o = meter.during(e.getKey(), simStart, end);
            boolean ok = o.map(OutageTimeline::hitless).orElse(false);
            String words = o.map(OutageMeter::describe).orElse("never secured");
            record(new CaseResult("secured throughout the run", e.getKey(), ok ? CaseResult.Status.PASSED : CaseResult.Status.FAILED,
                    words, ok ? "" : "OUTAGE", "from " + e.getValue() + " to " + end, Duration.ZERO, Duration.between(e.getValue(), end),
                    Optional.empty(), o.map(OutageTimeline::totalSeconds)));
        }
    }

    private static String describe(Step s) {
        Action a = s.action();
        String expect = s.expect().map(e -> ", expecting " + e).orElse("");
        if (a instanceof Action.Rollover r) {
            return (r.dryRun() ? "dry-run rollover" : "rollover") + r.lead().map(l -> " (lead " + Durations.format(l) + ")").orElse("") + expect;
        }
        if (a instanceof Action.Wait w) {
            return w.duration().map(d -> "wait " + Durations.format(d)).orElseGet(() -> "wait until " + w.until().orElseThrow().id());
        }
        if (a instanceof Action.Verify v) {
            return "verify " + v.ckn().map(c -> "CKN " + KeyCheck.shortCkn(c)).orElse("current key")
                    + v.maxKeyAge().map(m -> ", key age ≤ " + Durations.format(m)).orElse("");
        }
        return "fault " + ((Action.Fault) a).spec().kind().id();
    }
}
