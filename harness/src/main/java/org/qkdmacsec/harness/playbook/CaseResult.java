package org.qkdmacsec.harness.playbook;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.qkdmacsec.controller.engine.RolloverResult;

/**
 * The outcome of one step on one target: one JUnit test case.
 *
 * @param step      the step's label ({@code 3.1 roll over (round 2/2)})
 * @param target    the link, device, KME or {@code lab} it worked on; empty for steps without one
 * @param message   one line: why it failed, or what it found
 * @param type      the failure's type in the report (a {@code Reason} name when there is one)
 * @param output    the trail: the transaction's journal steps, what each end showed, what was armed
 * @param wall      wall-clock time of the step
 * @param simulated simulated time of the step (lab runs)
 * @param rollover  the rollover's result, for a rollover step's case
 * @param outageSeconds seconds without a secured MKA CA over the case per the MKA link model (lab runs)
 */
public record CaseResult(String step, String target, Status status, String message, String type, String output,
                         Duration wall, Duration simulated, Optional<RolloverResult> rollover, Optional<Double> outageSeconds) {
    public enum Status { PASSED, FAILED, ERROR, SKIPPED }

    public CaseResult {
        Objects.requireNonNull(rollover, "rollover");
        Objects.requireNonNull(outageSeconds, "outageSeconds");
    }

    /** A case that is no rollover and measured no outage. */
    public CaseResult(String step, String target, Status status, String message, String type, String output, Duration wall,
                      Duration simulated) {
        this(step, target, status, message, type, output, wall, simulated, Optional.empty(), Optional.empty());
    }

    public String name() {
        return target.isEmpty() ? step : step + " [" + target + "]";
    }

    public boolean passed() {
        return status == Status.PASSED;
    }
}
