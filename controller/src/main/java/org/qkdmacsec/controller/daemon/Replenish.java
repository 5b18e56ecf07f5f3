package org.qkdmacsec.controller.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.qkdmacsec.controller.engine.LinkSpec;
import org.qkdmacsec.controller.journal.LinkStateRecord;

/**
 * When a keyring runs low (a run failed, so fewer than {@code keyring-slots} future keys are staged),
 * the next key is due one interval after the newest staged one — the horizon. A run must begin at the
 * latest one lead before that slot; if the regular schedule would fire later, the link gets one extra
 * run a tenth of its interval from now (soon, but never a tight retry loop). Pure.
 */
final class Replenish {
    private Replenish() { }

    static Optional<Instant> earlyFire(LinkSpec link, LinkStateRecord state, Optional<Instant> nextFire, Instant now, Duration lead) {
        if (state.futureSlots() >= link.keyringSlots()) {
            return Optional.empty();
        }
        Duration interval = link.interval();
        Instant horizon = state.nextStart().filter(t -> t.isAfter(now))
                .map(t -> t.plus(interval.multipliedBy(Math.max(0, state.futureSlots() - 1)))).orElse(now);
        Instant latest = horizon.plus(interval).minus(lead);
        if (nextFire.isPresent() && !nextFire.get().isAfter(latest)) {
            return Optional.empty();
        }
        return Optional.of(now.plus(interval.dividedBy(10)));
    }
}
