package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.spi.KeyChainView;

/** The lead, the key ring plan and the active key, as every phase computes them. */
final class Planning {
    private Planning() { }

    /**
     * The plan as side A's key chain calls for it. Start-times are whole seconds, rounded up, so the
     * lead is never shortened by the device's rendering.
     */
    static KeyRingPlanner.Plan plan(Scope scope, RolloverRequest request, LinkFacts f, Instant now, Duration lead) {
        LinkSpec link = scope.link();
        int target = f.scheduled() ? link.keyringSlots() : 0;
        boolean immediate = request.immediate() || !f.scheduled();
        Instant earliest = now.plus(lead);
        Instant whole = earliest.truncatedTo(ChronoUnit.SECONDS);
        earliest = whole.equals(earliest) ? whole : whole.plusSeconds(1);
        return KeyRingPlanner.plan(f.view(Side.A).slots(), now, earliest, immediate, target, link.interval(), link.overlap(),
                f.anyEndTimes());
    }

    /**
     * The confirm window to ask for: the configured one, or longer when this link's preparations take
     * longer — the window of the side committed first must outlast confirming both sides (slow devices
     * take seconds per commit), plus the safety margin before its deadline.
     */
    static Duration window(Scope scope) {
        EngineConfig config = scope.ctx().config();
        Duration needed = recentPreparation(scope).plus(config.confirmSafety());
        return needed.compareTo(config.confirmWindow()) > 0 ? needed.withNanos(0).plusSeconds(1) : config.confirmWindow();
    }

    /** p99 of the link's recent preparation times (overruns included); zero when there are none. */
    static Duration recentPreparation(Scope scope) {
        var samples = scope.ctx().ledger().must("the recent preparation times",
                () -> scope.ctx().ledger().journal().recentPreparationTimes(scope.link().id(), LeadEstimator.WINDOW));
        return samples.isEmpty() ? Duration.ZERO : LeadEstimator.p99(samples);
    }

    /**
     * The lead for a confirm window (zero for immediate activation, which has no start-time): the link's
     * p99 preparation time, plus {@code commits} (what committing every device of its batch one after
     * another is expected to take: a first run has no history), plus the window and the margin.
     */
    static Duration lead(Scope scope, RolloverRequest request, LinkFacts f, Duration window, Duration commits) {
        if (!f.scheduled()) {
            return Duration.ZERO;
        }
        EngineConfig config = scope.ctx().config();
        Duration adaptive = LeadEstimator.lead(scope.link().leadFloor(), List.of(recentPreparation(scope).plus(commits)), window,
                config.leadMargin());
        // An operator's --lead may shorten the adaptive part but never the confirm-window rule.
        Duration min = window.plus(config.leadMargin()).plus(commits);
        return request.lead().map(l -> l.compareTo(min) >= 0 ? l : min).orElse(adaptive);
    }

    /** The key each end uses now: the newest started key (scheduled), or the one transmitting (immediate). */
    static Optional<String> activeCkn(LinkFacts f, Side s, Instant now) {
        if (!f.scheduled()) {
            return f.activeSend(s).map(c -> c.toLowerCase(Locale.ROOT));
        }
        return KeyRingPlanner.active(f.view(s).slots(), now).map(k -> k.ckn().toLowerCase(Locale.ROOT));
    }

    static Map<String, Instant> futureKeys(KeyChainView v, Instant now) {
        Map<String, Instant> m = new LinkedHashMap<>();
        v.slots().stream().filter(s -> KeyRingPlanner.startOf(s).isAfter(now))
                .forEach(s -> m.put(s.ckn().toLowerCase(Locale.ROOT), KeyRingPlanner.startOf(s)));
        return m;
    }

    static boolean sameSchedule(Map<String, Instant> a, Map<String, Instant> b) {
        return a.keySet().equals(b.keySet()) && a.entrySet().stream()
                .allMatch(e -> Duration.between(e.getValue(), b.get(e.getKey())).abs().compareTo(Duration.ofSeconds(1)) <= 0);
    }
}
