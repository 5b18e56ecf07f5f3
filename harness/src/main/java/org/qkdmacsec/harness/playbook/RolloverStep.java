package org.qkdmacsec.harness.playbook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.qkdmacsec.controller.engine.Reason;
import org.qkdmacsec.config.Durations;
import org.qkdmacsec.controller.engine.RolloverRequest;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.runtime.LinkSpecs;
import org.qkdmacsec.lab.mka.OutageTimeline;

/**
 * A {@code rollover} step: one engine transaction per target link, all submitted at once (the engine
 * queues those that share a device), then one verdict per link. An expected failure also proves the
 * link was left as it was: none of the aborted keys on either end by their start-time (a commit the
 * engine left unconfirmed rolls back by itself within its confirm window), and the previous key in
 * service. In a lab run simulated time first runs past the aborted key's start-time, and every link's
 * MKA model must show 0 s of outage over the step.
 */
final class RolloverStep {
    /** How long MKA may take to show the previous key secured again after an abort (a few hellos). */
    static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Duration SETTLE_POLL = Duration.ofSeconds(2);

    private final RunState state;
    private final LinkChecks checks;

    RolloverStep(RunState state, LinkChecks checks) {
        this.state = state;
        this.checks = checks;
    }

    List<CaseResult> run(Step step, Action.Rollover action, String label, List<Link> links, Duration timeout) {
        Instant simStart = state.now();
        long wallStart = System.nanoTime();
        Map<Link, CompletableFuture<RolloverResult>> futures = new LinkedHashMap<>();
        for (Link l : links) {
            RolloverRequest.Mode mode = action.dryRun() ? RolloverRequest.Mode.DRY_RUN : RolloverRequest.Mode.EXECUTE;
            futures.put(l, state.runtime.engine().submit(new RolloverRequest(LinkSpecs.of(state.inventory, l), true, action.lead(), mode)));
        }
        Optional<String> late = state.timeline.await(CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new)), timeout);
        List<CaseResult> out = new ArrayList<>();
        for (Map.Entry<Link, CompletableFuture<RolloverResult>> e : futures.entrySet()) {
            Link link = e.getKey();
            Verdict v = e.getValue().isDone() ? verdict(link, e.getValue().join(), step.expect(), action, simStart)
                    : new Verdict(List.of("the transaction " + late.orElse("did not finish")), "TIMEOUT",
                            List.of("still running: " + state.runtime.engine().inFlight()), "", Optional.empty(), Optional.empty());
            out.add(v.toCase(label, link.id(), Duration.ofNanos(System.nanoTime() - wallStart), Duration.between(simStart, state.now())));
        }
        return out;
    }

    private record Verdict(List<String> failures, String type, List<String> output, String summary, Optional<RolloverResult> result,
                           Optional<Double> outageSeconds) {
        CaseResult toCase(String label, String target, Duration wall, Duration simulated) {
            boolean ok = failures.isEmpty();
            return new CaseResult(label, target, ok ? CaseResult.Status.PASSED : CaseResult.Status.FAILED,
                    ok ? summary : String.join("; ", failures), ok ? "" : type, String.join("\n", output), wall, simulated,
                    result, outageSeconds);
        }
    }

    private Verdict verdict(Link link, RolloverResult r, Optional<Expectation> expect, Action.Rollover action, Instant simStart) {
        boolean dryRun = action.dryRun();
        List<String> output = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        String type = "";
        r.txnId().ifPresent(id -> output.add(state.trail(id)));
        output.add("result: " + outcome(r) + " — " + r.message());
        r.notes().forEach(n -> output.add("note: " + n));
        List<String> summary = new ArrayList<>();
        Optional<Double> outageSeconds = Optional.empty();
        if (expect.isEmpty()) {
            if (!r.ok()) {
                failures.add(outcome(r) + ": " + r.message());
                type = r.reason().map(Reason::name).orElse(r.state().name());
            } else {
                summary.add(outcome(r) + " — " + r.message());
                keyed(link, r, dryRun);
                for (String want : action.notes()) {
                    if (r.notes().stream().noneMatch(n -> n.contains(want))) {
                        failures.add("no note contains \"" + want + "\"");
                        type = "NOTE_MISSING";
                    }
                }
                if (!action.notes().isEmpty() && failures.isEmpty()) {
                    summary.add("with the notes expected");
                }
            }
        } else if (r.state() != expect.get().state() || !r.reason().equals(Optional.of(expect.get().reason()))) {
            failures.add("expected " + expect.get() + ", got " + outcome(r) + ": " + r.message());
            type = "UNEXPECTED_OUTCOME";
            keyed(link, r, dryRun);
        } else {
            summary.add(outcome(r) + " as expected");
            List<String> left = leftAsItWas(link, r, output, summary);
            failures.addAll(left);
            type = left.isEmpty() ? type : "NOT_LEFT_AS_IT_WAS";
        }
        if (!dryRun && state.modelled(link)) {
            Optional<OutageTimeline> o = state.outages.orElseThrow().during(link.id(), simStart, state.now());
            if (o.isEmpty()) {
                if (r.ok()) {
                    failures.add("the MKA model never saw the link secured");
                    type = type.isEmpty() ? "OUTAGE" : type;
                } else {
                    output.add("outage: not measured, the link had no key yet");
                }
            } else {
                String words = OutageMeter.describe(o.get());
                outageSeconds = Optional.of(o.get().totalSeconds());
                output.add("outage: " + words);
                summary.add(o.get().hitless() ? "0 s outage" : words);
                if (!o.get().hitless()) {
                    failures.add(words);
                    type = type.isEmpty() ? "OUTAGE" : type;
                }
            }
        }
        return new Verdict(failures, type, output, String.join("; ", summary), Optional.of(r), outageSeconds);
    }

    /** After an expected failure: none of its keys on either end, and the previous key still in service. */
    private List<String> leftAsItWas(Link link, RolloverResult r, List<String> output, List<String> summary) {
        List<String> failures = new ArrayList<>();
        // A commit the engine could not undo itself was never confirmed: the device rolls it back when
        // its confirm window ends, which the lead puts before the key's start-time. So look until then.
        // In the lab, first let simulated time run past that start-time: a key left on one end would be
        // in service there by then, and the checks below and the MKA model's outage would show it.
        if (state.outages.isPresent()) {
            r.start().map(t -> t.plus(SETTLE)).filter(t -> t.isAfter(state.now()))
                    .ifPresent(t -> state.timeline.sleep(Duration.between(state.now(), t)));
        }
        Instant now = state.now();
        Instant until = r.start().map(t -> t.plus(SETTLE)).filter(t -> t.isAfter(now)).orElse(now.plus(SETTLE));
        LinkChecks.Polled gone = checks.poll(List.of(link), l -> {
            List<String> left = KeyCheck.holding(state.probe.read(l), r.newCkns());
            return new KeyCheck.Result(left.isEmpty(), left.isEmpty() ? "none of its keys on either end" : String.join(", ", left), List.of());
        }, Duration.between(now, until), SETTLE_POLL).get(link);
        if (gone.ok()) {
            output.add("aborted keys: " + gone.result().message() + gone.after().filter(d -> !d.isZero())
                    .map(d -> " (rolled back by the device after " + Durations.format(d) + ")").orElse(""));
        } else {
            failures.add("left behind after the start-time " + r.start().map(Instant::toString).orElse("") + ": " + gone.result().message());
        }
        Optional<String> previous = state.currentCkn(link);
        if (previous.isEmpty()) {
            output.add("previous key: none (the link was not keyed yet)");
            return failures;
        }
        LinkChecks.Polled p = checks.poll(List.of(link), l -> checks.verify(l, previous, Optional.empty()), SETTLE, SETTLE_POLL).get(link);
        output.add("previous key: " + p.result().message());
        p.result().detail().forEach(d -> output.add("  " + d));
        if (p.ok()) {
            summary.add("previous key " + KeyCheck.shortCkn(previous.get()) + " still in service");
        } else {
            failures.add("the previous key is not in service: " + p.result().message());
        }
        return failures;
    }

    private void keyed(Link link, RolloverResult r, boolean dryRun) {
        if (r.ok() && !dryRun && !r.newCkns().isEmpty()) {
            state.keyed(link, r.newCkns().get(0));
        }
    }

    private static String outcome(RolloverResult r) {
        return r.state() + r.reason().map(x -> " " + x).orElse("");
    }
}
