package org.qkdmacsec.harness.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fault search (docs/reliability.md). The default suite runs a fixed slice of seeds on the
 * in-memory device models; {@code mvn -B -Pchaos test -Dchaos.runs=N} runs N more from
 * {@code -Dchaos.first} (default 1,000,000); {@code -Dchaos.seed=S [-Dchaos.faults=i,j|none]} replays
 * one run, as a failing run's report says.
 */
class FaultSearchTest {
    static final int SLICE = 300;

    @Test
    void aFixedSliceOfSeededRunsOverEveryTopologyBreaksNoInvariant() {
        check(FaultSearch.search(1, Integer.getInteger("chaos.slice", SLICE), EnumSet.allOf(Scenario.Topology.class), Optional.empty()));
    }

    /**
     * Seeds that once broke an invariant, replayed in every build (docs/reliability.md "Findings"):
     * 1000368, a rollover now superseded a pipelined transaction's first key two seconds after its start,
     * which was then reverted as unverified and took the newer key's successor with it (dark 253 s);
     * 1000364, a batch-mate's compensation commit confirmed a key on its way out (the invariant was too strict).
     */
    @Test
    void theSeedsThatFoundDefectsStayFixed() {
        for (long seed : new long[] {1_000_364L, 1_000_368L}) {
            check(FaultSearch.search(seed, 1, EnumSet.allOf(Scenario.Topology.class), Optional.empty()));
        }
    }

    @Test
    @Tag("chaos")
    void theSearch() {
        String seed = System.getProperty("chaos.seed");
        if (seed != null) {
            String faults = System.getProperty("chaos.faults");
            Optional<Set<Integer>> mask = Optional.ofNullable(faults).map(f -> f.equals("none") ? Set.<Integer>of()
                    : Arrays.stream(f.split(",")).map(String::trim).map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new)));
            check(FaultSearch.search(Long.parseLong(seed), 1, EnumSet.allOf(Scenario.Topology.class), mask));
            return;
        }
        long first = Long.getLong("chaos.first", 1_000_000L);
        check(FaultSearch.search(first, Integer.getInteger("chaos.runs", 10_000), EnumSet.allOf(Scenario.Topology.class), Optional.empty()));
    }

    private static void check(FaultSearch.Summary s) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "fault search: %d run(s) (%d through the lab's simulators), %d transaction(s), %d fault(s)"
                + " fired, %.1f s wall, %.1f h simulated%n", s.runs(), s.labRuns(), s.transactions(), s.faultCount(),
                s.wall().toMillis() / 1000.0, s.simulated().toMinutes() / 60.0));
        s.faults().forEach((k, v) -> sb.append("  ").append(k.name().toLowerCase(Locale.ROOT)).append(": ").append(v).append('\n'));
        s.failures().forEach(f -> sb.append("FAILED ").append(f));
        System.out.println(sb);
        assertTrue(s.failures().isEmpty(), s.failures().size() + " run(s) broke an invariant:\n" + String.join("\n", s.failures()));
    }
}
