package org.qkdmacsec.controller.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qkdmacsec.controller.journal.AuditEvent;
import org.qkdmacsec.controller.journal.StepRecord;
import org.qkdmacsec.controller.journal.TxnRecord;

/** What the HTTP API shows and does; the daemon implements it. */
public interface ApiBackend {
    /** Ready to schedule: the scheduler runs, the journal answers, not shutting down. */
    Readiness readiness();

    /** Every link of the inventory in force, in file order. */
    List<LinkReport> links();

    Optional<LinkReport> link(String id);

    /** The link's newest transactions with their steps, newest first; empty when the link is unknown. */
    Optional<List<TxnHistory>> history(String id, int limit);

    /** Every link's keys as the devices reported them over the last polls (the dashboard's timeline). */
    List<KeyTimeline> timeline();

    /** Stored keys per KME and peer SAE, from the KMEs' {@code /status}. */
    List<KmeStock> kmes();

    /** Condition alarms in force and the newest {@code limit} audit events (alarms, reverts, clearances). */
    AlarmFeed alarms(int limit);

    /**
     * Starts an operator rollover of one link now (a fresh key at now + lead).
     *
     * @param force also while the link is held down after KME failures
     */
    RolloverAccepted rollover(String id, boolean force);

    /** The Prometheus exposition of every meter. */
    String scrape();

    record Readiness(boolean ready, Map<String, String> checks) { }

    record TxnHistory(TxnRecord txn, List<StepRecord> steps) { }

    /**
     * One link's keys over time.
     *
     * @param observedAt the last poll that reached the link's ends
     * @param activeCkn  the key side A used at that poll
     * @param keys       keys seen in the ends' key chains over the last day, oldest start first
     */
    record KeyTimeline(String linkId, Optional<Instant> observedAt, Optional<String> activeCkn, List<SeenKey> keys) {
        public KeyTimeline {
            keys = List.copyOf(keys);
        }
    }

    /**
     * One key as the devices reported it.
     *
     * @param keyId      the KME key_ID when a transaction of ours added it (journal)
     * @param start      its start-time (absent: active as soon as installed, e.g. Linux SAs)
     * @param end        its end-time (IOS-XR lifetimes; absent: until removed)
     * @param firstSeen  the first poll that found it
     * @param lastSeen   the last poll that found it
     * @param configured still in a key chain at the last poll
     */
    record SeenKey(String ckn, Optional<String> keyId, Optional<Instant> start, Optional<Instant> end, Instant firstSeen,
                   Instant lastSeen, boolean configured, boolean onA, boolean onB) { }

    /**
     * What one KME holds for one peer SAE.
     *
     * @param links     the links that draw keys from this KME for this peer
     * @param checkedAt the last {@code /status} call that answered
     * @param latency   how long that call took
     * @param error     why the last call failed (the previous figures stay)
     */
    record KmeStock(String kmeId, String peerSaeId, List<String> links, Optional<Instant> checkedAt, Optional<Integer> storedKeyCount,
                    Optional<Integer> maxKeyCount, Optional<Integer> keySizeBits, Optional<Duration> latency, Optional<String> error) {
        public KmeStock {
            links = List.copyOf(links);
        }
    }

    record ActiveAlarm(String linkId, String kind) { }

    record AlarmFeed(List<ActiveAlarm> active, List<AuditEvent> events) {
        public AlarmFeed {
            active = List.copyOf(active);
            events = List.copyOf(events);
        }
    }

    /** The outcome of a rollover request. */
    record RolloverAccepted(Outcome outcome, Optional<String> txnId, String message) {
        public enum Outcome { ACCEPTED, NOT_FOUND, CONFLICT, HELD_DOWN, UNAVAILABLE }
    }
}
