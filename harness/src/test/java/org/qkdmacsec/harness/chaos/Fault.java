package org.qkdmacsec.harness.chaos;

import java.time.Duration;
import java.util.Locale;

/**
 * One fault of a run, drawn from its seed.
 *
 * @param index    position in the run's fault list (what shrinking removes and a replay names)
 * @param target   device name, link id or "" (KME, journal)
 * @param op       the device operation for a device-call fault
 * @param nth      which occurrence triggers it (device call, KME call, journal statement, step)
 * @param at       offset from the run's start for timed faults
 * @param lasting  how long a timed fault lasts (restart, clock jump, database outage) or the extra
 *                 latency of a slow call; for a journal write failure, how many statements fail
 * @param amount   clock jump size (signed)
 * @param flag     restart: a pending confirmed commit survives; kill: the step's side
 * @param step     the step a controller fault waits for
 */
record Fault(int index, FaultKind kind, String target, DeviceOp op, int nth, Duration at, Duration lasting, Duration amount,
             boolean flag, String step) {
    String describe() {
        String k = kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (kind.where) {
            case DEVICE_CALL -> k + " " + target + " " + op.name().toLowerCase(Locale.ROOT) + " #" + nth
                    + (kind == FaultKind.DEVICE_SLOW ? " +" + lasting.toSeconds() + "s" : "");
            case TIMED -> k + (target.isEmpty() ? "" : " " + target) + " at +" + at.toSeconds() + "s for " + lasting.toSeconds() + "s"
                    + (kind == FaultKind.CLOCK_JUMP ? " by " + amount.toSeconds() + "s" : "")
                    + (kind == FaultKind.DEVICE_RESTART ? (flag ? " (pending commit survives)" : " (pending commit lost)") : "");
            case KME -> k + " on KME call #" + nth;
            case JOURNAL -> k + " from statement #" + nth + " (" + lasting.toSeconds() + " statement(s))";
            case CONTROLLER -> k + (step.isEmpty() ? "" : " at step " + step + " #" + nth) + (target.isEmpty() ? "" : " on " + target);
        };
    }
}
