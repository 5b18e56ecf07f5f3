package org.qkdmacsec.controller.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.qkdmacsec.config.Durations;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.runtime.ControllerRuntime;

/**
 * The alarms that are conditions rather than events, checked periodically from the journal: a link's
 * newest key in service older than {@code alarms.key-age-intervals} of its intervals (the keyring is
 * not being renewed), and a preflight gate refusing every run of a link for longer than its interval.
 * Each is raised when it starts and cleared when it ends.
 */
final class ConditionAlarms {
    private final ControllerRuntime runtime;
    private final DaemonConfig.Alarms config;
    private final Alarms alarms;

    ConditionAlarms(ControllerRuntime runtime, DaemonConfig.Alarms config, Alarms alarms) {
        this.runtime = runtime;
        this.config = config;
        this.alarms = alarms;
    }

    void check(Instant now) {
        for (Link link : runtime.inventory().links()) {
            LinkHealth h = LinkHealth.of(runtime.journal().history(link.id(), LinkRunner.HISTORY), now);
            Duration interval = link.schedule().interval();
            Optional<Duration> age = h.newestKeyStart().map(t -> Duration.between(t, now));
            if (age.isPresent() && age.get().compareTo(interval.multipliedBy(config.keyAgeIntervals())) > 0) {
                alarms.raiseOnce(link.id(), Alarms.KEY_AGE, "the newest key in service started " + h.newestKeyStart().get() + ", "
                        + Durations.format(age.get().withNanos(0)) + " ago (more than " + config.keyAgeIntervals()
                        + " intervals of " + Durations.format(interval) + ")");
            } else {
                alarms.clear(link.id(), Alarms.KEY_AGE);
            }
            Optional<Duration> blocked = h.blockedSince().map(t -> Duration.between(t, now));
            if (blocked.isPresent() && blocked.get().compareTo(interval) > 0) {
                alarms.raiseOnce(link.id(), Alarms.GATE_BLOCKED, "every run since " + h.blockedSince().get() + " was refused by a"
                        + " preflight gate (latest: " + h.blockedBy().map(Enum::name).orElse("?") + "), longer than the interval of "
                        + Durations.format(interval));
            } else {
                alarms.clear(link.id(), Alarms.GATE_BLOCKED);
            }
        }
    }
}
