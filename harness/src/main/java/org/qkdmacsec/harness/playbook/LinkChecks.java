package org.qkdmacsec.harness.playbook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.qkdmacsec.controller.inventory.Link;

/** {@code verify} and {@code wait until}: checks on every target link, polled until they hold or time runs out. */
final class LinkChecks {
    /** A link's last check, and how long after the start it passed (if it did). */
    record Polled(KeyCheck.Result result, Optional<Duration> after) {
        boolean ok() {
            return result.ok();
        }
    }

    private final RunState state;

    LinkChecks(RunState state) {
        this.state = state;
    }

    /** The verify check of {@code link} now, against {@code ckn} or the link's current key. */
    KeyCheck.Result verify(Link link, Optional<String> ckn, Optional<Duration> maxAge) {
        Optional<String> expected = ckn.or(() -> state.currentCkn(link));
        if (expected.isEmpty()) {
            return new KeyCheck.Result(false, "no key known for link " + link.id()
                    + ": no rollover of it in this run and none in the journal (roll it over first, or give ckn:)", List.of());
        }
        return KeyCheck.verify(state.probe.read(link), expected.get(), maxAge, state.now(), state.journalSince(link));
    }

    KeyCheck.Result reachable(Link link) {
        return state.probe.unreachable(link).map(why -> new KeyCheck.Result(false, why, List.of()))
                .orElseGet(() -> new KeyCheck.Result(true, "both devices answer", List.of()));
    }

    KeyCheck.Result condition(Condition c, Link link) {
        return c == Condition.REACHABLE ? reachable(link) : verify(link, Optional.empty(), Optional.empty());
    }

    /**
     * Checks every link, then again every {@code every} for those that did not pass, until all pass
     * or {@code limit} has passed (a zero limit checks once).
     */
    Map<Link, Polled> poll(List<Link> links, Function<Link, KeyCheck.Result> check, Duration limit, Duration every) {
        Instant start = state.now();
        Instant deadline = start.plus(limit);
        Map<Link, Polled> out = new LinkedHashMap<>();
        List<Link> pending = new ArrayList<>(links);
        while (true) {
            for (Link l : List.copyOf(pending)) {
                KeyCheck.Result r = check.apply(l);
                Optional<Duration> after = r.ok() ? Optional.of(Duration.between(start, state.now())) : Optional.empty();
                out.put(l, new Polled(r, after));
                if (r.ok()) {
                    pending.remove(l);
                }
            }
            if (pending.isEmpty() || state.now().plus(every).isAfter(deadline)) {
                break;
            }
            state.timeline.sleep(every);
        }
        Map<Link, Polled> ordered = new LinkedHashMap<>();
        links.forEach(l -> ordered.put(l, out.get(l)));
        return ordered;
    }
}
