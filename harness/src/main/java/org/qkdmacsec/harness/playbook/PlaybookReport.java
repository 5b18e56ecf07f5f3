package org.qkdmacsec.harness.playbook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a playbook run found, for the terminal and the JUnit report.
 *
 * @param mode       how it ran, in words ("embedded lab, simulated time" or "real devices, real time")
 * @param startedAt  wall-clock start
 * @param simulated  simulated time the run covered (lab runs)
 */
public record PlaybookReport(String playbook, String description, String source, String inventory, String mode, Instant startedAt,
                             Duration wall, Optional<Duration> simulated, List<CaseResult> cases, List<String> notes) {
    public PlaybookReport {
        cases = List.copyOf(cases);
        notes = List.copyOf(notes);
    }

    public long count(CaseResult.Status status) {
        return cases.stream().filter(c -> c.status() == status).count();
    }

    /** No case failed or errored. */
    public boolean ok() {
        return count(CaseResult.Status.FAILED) == 0 && count(CaseResult.Status.ERROR) == 0;
    }
}
