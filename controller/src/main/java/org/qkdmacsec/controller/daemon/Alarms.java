package org.qkdmacsec.controller.daemon;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.qkdmacsec.controller.engine.EngineEvents;
import org.qkdmacsec.controller.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's alarms, raised the way the engine raises its own ({@code event=alarm} log line,
 * {@code qkd_macsec_alarms_total{kind}}, alarm listeners such as the webhook) and recorded in the
 * journal's audit trail. Condition alarms (key age, blocked gate) are raised once when the condition
 * starts and cleared when it ends, not repeated at every check.
 */
final class Alarms {
    static final String KEY_AGE = "KEY_AGE";
    static final String GATE_BLOCKED = "GATE_BLOCKED";
    static final String VERIFY_FAILED = "VERIFY_FAILED";
    static final String KME_HOLD_DOWN = "KME_HOLD_DOWN";
    static final String INVENTORY_REFUSED = "INVENTORY_REFUSED";

    private static final Logger LOG = LoggerFactory.getLogger("qkd_macsec.daemon");

    private final EngineEvents events;
    private final Journal journal;
    private final Map<String, Set<String>> active = new ConcurrentHashMap<>();

    Alarms(EngineEvents events, Journal journal) {
        this.events = events;
        this.journal = journal;
    }

    /** An event alarm: raised every time it happens. */
    void raise(String linkId, String kind, String message) {
        journal.audit(linkId.equals("-") ? Optional.empty() : Optional.of(linkId), Optional.empty(), kind, message);
        events.alarm(linkId, kind, message);
    }

    /** A condition alarm: raised when the condition starts; quiet while it lasts. */
    void raiseOnce(String linkId, String kind, String message) {
        if (active.computeIfAbsent(linkId, k -> ConcurrentHashMap.newKeySet()).add(kind)) {
            raise(linkId, kind, message);
        }
    }

    /** The condition behind {@code kind} ended. */
    void clear(String linkId, String kind) {
        Set<String> s = active.get(linkId);
        if (s != null && s.remove(kind)) {
            LOG.info("event=alarm_cleared link={} kind={}", linkId, kind);
            journal.audit(Optional.of(linkId), Optional.empty(), kind + "_CLEARED", kind + " condition ended");
        }
    }

    /** Condition alarms in force for a link. */
    Set<String> active(String linkId) {
        return Set.copyOf(active.getOrDefault(linkId, Set.of()));
    }

    /** Every condition alarm in force, by link ({@code -} for the daemon's own). */
    java.util.SortedMap<String, java.util.SortedSet<String>> allActive() {
        java.util.SortedMap<String, java.util.SortedSet<String>> out = new java.util.TreeMap<>();
        active.forEach((link, kinds) -> {
            if (!kinds.isEmpty()) {
                out.put(link, new java.util.TreeSet<>(kinds));
            }
        });
        return out;
    }

    /** A link left the inventory: forget its conditions. */
    void forget(String linkId) {
        active.remove(linkId);
    }
}
