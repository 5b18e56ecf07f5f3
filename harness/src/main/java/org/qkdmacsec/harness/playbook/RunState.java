package org.qkdmacsec.harness.playbook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.journal.LinkStateRecord;
import org.qkdmacsec.controller.journal.StepRecord;
import org.qkdmacsec.controller.runtime.ControllerRuntime;

/** What the steps of one run share: the session's parts, and the key each link should be on now. */
final class RunState {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    final ControllerRuntime runtime;
    final Inventory inventory;
    final Timeline timeline;
    final LinkProbe probe;
    final Optional<LabFaults> faults;
    final Optional<OutageMeter> outages;
    private final Map<String, String> currentCkn = new ConcurrentHashMap<>();

    RunState(PlaybookSession session) {
        this.runtime = session.runtime();
        this.inventory = session.inventory();
        this.timeline = session.timeline();
        this.probe = new LinkProbe(runtime, inventory);
        this.faults = session.lab().map(LabFaults::new);
        this.outages = session.lab().map(OutageMeter::new);
    }

    Instant now() {
        return timeline.now();
    }

    /** The link's current key: what the last rollover of this run put in service, else what the journal knows. */
    Optional<String> currentCkn(Link link) {
        return Optional.ofNullable(currentCkn.get(link.id())).or(() -> journalState(link).flatMap(LinkStateRecord::activeCkn));
    }

    void keyed(Link link, String ckn) {
        currentCkn.put(link.id(), ckn);
    }

    Optional<Instant> journalSince(Link link) {
        return journalState(link).flatMap(LinkStateRecord::activeSince);
    }

    private Optional<LinkStateRecord> journalState(Link link) {
        return runtime.journal().linkState(link.id());
    }

    boolean modelled(Link link) {
        return outages.map(o -> o.modelled(link.id())).orElse(false);
    }

    /** The journal's trail of one transaction, one line per step (controller time, UTC). */
    String trail(String txnId) {
        List<String> lines = new ArrayList<>();
        lines.add("transaction " + txnId + ":");
        for (StepRecord s : runtime.journal().steps(txnId)) {
            lines.add(String.format("  %s  %-12s %-2s %-8s %8s  %s", CLOCK.format(s.at()), s.step(), s.side().orElse(""), s.outcome(),
                    s.duration().map(RunState::millis).orElse(""), s.detail().orElse("")).stripTrailing());
        }
        return String.join("\n", lines);
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }
}
