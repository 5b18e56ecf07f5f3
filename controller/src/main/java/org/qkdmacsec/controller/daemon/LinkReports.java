package org.qkdmacsec.controller.daemon;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.qkdmacsec.controller.api.ApiBackend;
import org.qkdmacsec.controller.api.LinkReport;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.journal.Journal;
import org.qkdmacsec.controller.journal.LinkStateRecord;
import org.qkdmacsec.controller.journal.TxnKey;
import org.qkdmacsec.controller.journal.TxnRecord;

/**
 * The daemon's view of each link for the API: the inventory, the journal's record and health of the
 * link, its schedule, the alarms in force and what the last poll of its ends found.
 */
final class LinkReports {
    private final Supplier<Inventory> inventory;
    private final Journal journal;
    private final LinkRunner.ScheduleControl schedules;
    private final Alarms alarms;
    private final DaemonConfig.Resilience resilience;
    private final LinkObserver observer;
    private final Clock clock;

    LinkReports(Supplier<Inventory> inventory, Journal journal, LinkRunner.ScheduleControl schedules, Alarms alarms,
                DaemonConfig.Resilience resilience, LinkObserver observer, Clock clock) {
        this.inventory = inventory;
        this.journal = journal;
        this.schedules = schedules;
        this.alarms = alarms;
        this.resilience = resilience;
        this.observer = observer;
        this.clock = clock;
    }

    List<LinkReport> all() {
        List<TxnRecord> unfinished = journal.unfinished();
        Map<String, LinkStateRecord> states = new HashMap<>();
        journal.linkStates().forEach(s -> states.put(s.linkId(), s));
        List<LinkReport> out = new ArrayList<>();
        for (Link l : inventory.get().links()) {
            out.add(report(l, Optional.ofNullable(states.get(l.id())), unfinished));
        }
        return out;
    }

    Optional<LinkReport> one(String id) {
        return find(id).map(l -> report(l, journal.linkState(id), journal.unfinished()));
    }

    Optional<Link> find(String id) {
        return inventory.get().link(id);
    }

    private LinkReport report(Link l, Optional<LinkStateRecord> state, List<TxnRecord> unfinished) {
        Instant now = clock.instant();
        LinkHealth h = LinkHealth.of(journal.history(l.id(), LinkRunner.HISTORY), now);
        return new LinkReport(l.id(), Optional.of(new LinkReport.Ends(l.a().address(), l.b().address())),
                Optional.of(new LinkReport.Schedule(l.schedule().interval(), l.schedule().jitter(), schedules.nextFire(l.id()))), state,
                unfinished.stream().filter(t -> t.linkId().equals(l.id())).findFirst(), Optional.of(h.kmeFailures()),
                h.holdDownUntil(resilience).filter(now::isBefore), Optional.of(alarms.active(l.id())),
                observer.latest(l.id()).map(o -> new LinkReport.Observed(o, observer.outageLastDay(l.id()), observer.settling(l.id()),
                        keyIds(l.id()))));
    }

    /** The KME key_IDs of the link's recent keys, by CKN (the journal's transactions). */
    private Map<String, String> keyIds(String linkId) {
        Map<String, String> keyIds = new HashMap<>();
        for (TxnRecord t : journal.history(linkId, 2 * LinkRunner.HISTORY)) {
            for (TxnKey k : t.keys()) {
                keyIds.putIfAbsent(k.ckn(), k.keyId());
            }
        }
        return keyIds;
    }

    /** Every link's keys as the polls saw them, with the key_IDs the journal knows for their CKNs. */
    List<ApiBackend.KeyTimeline> timeline() {
        List<ApiBackend.KeyTimeline> out = new ArrayList<>();
        for (Link l : inventory.get().links()) {
            Map<String, String> keyIds = keyIds(l.id());
            var latest = observer.latest(l.id());
            List<ApiBackend.SeenKey> keys = observer.keys(l.id()).stream()
                    .map(k -> new ApiBackend.SeenKey(k.ckn(), Optional.ofNullable(keyIds.get(k.ckn())), k.start(), k.end(), k.firstSeen(),
                            k.lastSeen(), k.configured(), k.onA(), k.onB()))
                    .toList();
            out.add(new ApiBackend.KeyTimeline(l.id(), latest.map(o -> o.at()),
                    latest.flatMap(o -> o.a().activeCkn().or(() -> o.b().activeCkn())), keys));
        }
        return out;
    }
}
