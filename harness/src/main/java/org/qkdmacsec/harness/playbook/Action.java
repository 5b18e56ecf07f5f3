package org.qkdmacsec.harness.playbook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What a step does. */
public sealed interface Action {
    /**
     * Put a fresh key in service on every target link (in parallel), as {@code qkd-macsec rollover} does.
     *
     * @param lead   instead of the adaptive lead (never below the confirm window + margin)
     * @param dryRun stage placeholder keys, collect the diffs, discard; no KME key is consumed
     * @param notes  texts each of which one of the transaction's notes must contain (a KME deviation warned about)
     */
    record Rollover(Optional<Duration> lead, boolean dryRun, List<String> notes) implements Action {
        public Rollover {
            notes = List.copyOf(notes);
        }

        public Rollover(Optional<Duration> lead, boolean dryRun) {
            this(lead, dryRun, List.of());
        }
    }

    /** Let time pass ({@code duration}), or poll every {@code poll} until {@code until} holds on every target. */
    record Wait(Optional<Duration> duration, Optional<Condition> until, Duration poll) implements Action { }

    /**
     * Read both ends of every target link through the drivers: MKA secured with the expected CKN on
     * both, the key chain holding it, and its age (from its start-time) at most {@code maxKeyAge}.
     *
     * @param ckn empty: the link's current key (the last rollover of this run, else the journal's);
     *            else a CKN or a prefix of one (at least 8 hex digits)
     */
    record Verify(Optional<String> ckn, Optional<Duration> maxKeyAge) implements Action { }

    /** Arm a fault in the embedded lab (lab runs only). */
    record Fault(FaultSpec spec) implements Action { }

    /** Run {@code steps} {@code times} times. */
    record Repeat(int times, List<Step> steps) implements Action {
        public Repeat {
            steps = List.copyOf(steps);
        }
    }
}
