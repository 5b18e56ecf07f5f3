package org.qkdmacsec.harness.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The seeded search: runs scenarios drawn from consecutive seeds, tallies what they did, and for every
 * run that breaks an invariant shrinks its faults to the fewest that still break one and prints the
 * seed and a one-line command that replays it.
 */
final class FaultSearch {
    /** The search's tally. */
    record Summary(int runs, int labRuns, int transactions, Map<FaultKind, Integer> faults, List<String> failures, Duration wall,
                   Duration simulated) {
        int faultCount() {
            return faults.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private FaultSearch() { }

    static Summary search(long firstSeed, int runs, Set<Scenario.Topology> topologies, Optional<Set<Integer>> mask) {
        long t0 = System.nanoTime();
        Map<FaultKind, Integer> fired = new EnumMap<>(FaultKind.class);
        List<String> failures = new ArrayList<>();
        int txns = 0;
        int labRuns = 0;
        Duration simulated = Duration.ZERO;
        try (LogScan logs = new LogScan()) {
            for (int i = 0; i < runs; i++) {
                long seed = firstSeed + i;
                Scenario sc = Scenario.of(seed, topologies);
                if (mask.isPresent()) {
                    sc = sc.keeping(mask.get());
                }
                ChaosRun.Outcome o = run(sc, logs);
                if (Scenario.throughLab(seed)) {
                    labRuns++;
                }
                txns += o.transactions();
                simulated = simulated.plus(o.simulated());
                o.fired().forEach((k, v) -> fired.merge(k, v, Integer::sum));
                if (o.failed()) {
                    failures.add(report(shrink(o, topologies, logs), o));
                }
            }
        }
        return new Summary(runs, labRuns, txns, fired, failures, Duration.ofNanos(System.nanoTime() - t0), simulated);
    }

    /** One run, in the environment its seed goes to. */
    static ChaosRun.Outcome run(Scenario sc, LogScan logs) {
        if (!Scenario.throughLab(sc.seed())) {
            return ChaosRun.run(sc, logs);
        }
        try (LabEnvironment env = new LabEnvironment(sc)) {
            return ChaosRun.run(sc, env, logs);
        }
    }


    /** Drops faults one at a time while the run still fails; what remains are the faults that matter. */
    static ChaosRun.Outcome shrink(ChaosRun.Outcome failing, Set<Scenario.Topology> topologies, LogScan logs) {
        ChaosRun.Outcome best = failing;
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Fault f : best.scenario().faults()) {
                Set<Integer> keep = best.scenario().faults().stream().map(Fault::index).filter(x -> x != f.index())
                        .collect(Collectors.toCollection(TreeSet::new));
                ChaosRun.Outcome o = run(Scenario.of(best.scenario().seed(), topologies).keeping(keep), logs);
                if (o.failed()) {
                    best = o;
                    progress = true;
                    break;
                }
            }
        }
        return best;
    }

    static String report(ChaosRun.Outcome shrunk, ChaosRun.Outcome original) {
        Scenario sc = shrunk.scenario();
        String faults = sc.faults().stream().map(f -> Integer.toString(f.index())).collect(Collectors.joining(","));
        StringBuilder sb = new StringBuilder();
        sb.append("seed ").append(sc.seed()).append(": ").append(sc.describe()).append('\n');
        sb.append("  faults (").append(original.scenario().faults().size()).append(" drawn, ").append(sc.faults().size())
                .append(" needed): ").append(sc.faults().stream().map(Fault::describe).collect(Collectors.joining("; "))).append('\n');
        shrunk.violations().forEach(v -> sb.append("  violated: ").append(v).append('\n'));
        shrunk.notes().forEach(n -> sb.append("  note: ").append(n).append('\n'));
        sb.append("  replay: mvn -B -Pchaos -pl harness -am test -Dtest=FaultSearchTest -Dsurefire.failIfNoSpecifiedTests=false -Dchaos.seed=")
                .append(sc.seed()).append(" -Dchaos.faults=").append(faults.isEmpty() ? "none" : faults).append('\n');
        return sb.toString();
    }
}
