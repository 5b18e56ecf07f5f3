package org.qkdmacsec.controller.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.qkdmacsec.controller.engine.LinkObservation;
import org.qkdmacsec.controller.journal.LinkStateRecord;
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.spi.KeySlot;

/**
 * One link as reported to operators: the single contract behind {@code qkd-macsec status -o json} and
 * the API's link object (docs/schema/link.schema.json, written by {@link LinkJson}). What a reporter does
 * not know is empty and written as null: the journal-only {@code status} knows no schedule position,
 * hold-down or MKA observation; the daemon knows all of it.
 *
 * @param ends          the ends as {@code device:interface} (needs the inventory)
 * @param schedule      the link's schedule (needs the inventory; the next run only the daemon knows)
 * @param state         what the journal last recorded (empty: never rolled)
 * @param inProgress    the link's unfinished transaction, whichever instance runs it
 * @param kmeFailures   consecutive KME failures (daemon)
 * @param holdDownUntil end of a KME hold-down in force (daemon)
 * @param alarms        condition alarms in force (daemon)
 * @param observed      what both ends reported at the daemon's last poll, with the outage it counted
 */
public record LinkReport(String id, Optional<Ends> ends, Optional<Schedule> schedule, Optional<LinkStateRecord> state,
                         Optional<TxnRecord> inProgress, Optional<Integer> kmeFailures, Optional<Instant> holdDownUntil,
                         Optional<Set<String>> alarms, Optional<Observed> observed) {
    public LinkReport {
        Objects.requireNonNull(id, "id");
        alarms = alarms.map(Set::copyOf);
    }

    /** Side A and side B as {@code device:interface}. */
    public record Ends(String a, String b) { }

    /** @param nextRun the link's next scheduled run (daemon only) */
    public record Schedule(Duration interval, Duration jitter, Optional<Instant> nextRun) { }

    /**
     * @param observation          both ends at the last poll
     * @param outageSecondsLastDay seconds in the last 24 h during which the devices reported MKA not secured
     * @param settling             the poll caught MKA moving to a key that had just started (not an outage)
     * @param keyIds               KME key_IDs of the link's recent keys by CKN (journal), to name the key in service
     */
    public record Observed(LinkObservation observation, double outageSecondsLastDay, boolean settling, Map<String, String> keyIds) {
        public Observed {
            keyIds = Map.copyOf(keyIds);
        }
    }

    /** The key in service: its CKN, KME key_ID (when known) and start. */
    public record Active(String ckn, Optional<String> keyId, Optional<Instant> since) { }

    /**
     * The key in service. The devices say which it is when the daemon has observed them (side A's primary
     * MKA key, with its start-time from the key chain): the journal only records it once the transaction
     * that put it there has ended, an overlap later. Otherwise, the journal's record.
     */
    public Optional<Active> active() {
        Optional<LinkObservation.End> a = observed.map(o -> o.observation().a()).filter(LinkObservation.End::reachable);
        if (a.isPresent() && a.get().activeCkn().isPresent()) {
            String ckn = a.get().activeCkn().get();
            Optional<String> keyId = Optional.ofNullable(observed.get().keyIds().get(ckn))
                    .or(() -> state.filter(s -> s.activeCkn().equals(Optional.of(ckn))).flatMap(LinkStateRecord::activeKeyId));
            Optional<Instant> since = a.get().keys().stream().filter(k -> k.ckn().equals(ckn)).map(KeySlot::start).flatMap(Optional::stream)
                    .findFirst().or(() -> state.filter(s -> s.activeCkn().equals(Optional.of(ckn))).flatMap(LinkStateRecord::activeSince));
            return Optional.of(new Active(ckn, keyId, since));
        }
        return state.flatMap(s -> s.activeCkn().map(c -> new Active(c, s.activeKeyId(), s.activeSince())));
    }

    /** A link the journal and the inventory describe, nothing more (the CLI's {@code status}). */
    public static LinkReport fromJournal(String id, Optional<Ends> ends, Optional<Schedule> schedule, Optional<LinkStateRecord> state,
                                         Optional<TxnRecord> inProgress) {
        return new LinkReport(id, ends, schedule, state, inProgress, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** Seconds since the key in service started. */
    public Optional<Long> keyAgeSeconds(Instant now) {
        return active().flatMap(Active::since).map(t -> Duration.between(t, now).toSeconds());
    }

    /**
     * The next staged key's start-time: from the devices' key chain (side A) when the daemon has observed
     * it, else the journal's record of the last transaction.
     */
    public Optional<Instant> nextStart(Instant now) {
        return nextStart(state, observed.map(Observed::observation), now);
    }

    /** See {@link #nextStart(Instant)}. */
    public static Optional<Instant> nextStart(Optional<LinkStateRecord> state, Optional<LinkObservation> observation, Instant now) {
        Optional<LinkObservation.End> a = observation.map(LinkObservation::a).filter(LinkObservation.End::reachable);
        if (a.isPresent()) {
            return a.get().keys().stream().map(KeySlot::start).flatMap(Optional::stream).filter(now::isBefore).min(Instant::compareTo);
        }
        return state.flatMap(LinkStateRecord::nextStart).filter(now::isBefore);
    }

    /** Staged keys that start after {@code now}, from the same source as {@link #nextStart(Instant)}. */
    public Optional<Integer> futureKeys(Instant now) {
        return futureKeys(state, observed.map(Observed::observation), now);
    }

    /** See {@link #futureKeys(Instant)}. */
    public static Optional<Integer> futureKeys(Optional<LinkStateRecord> state, Optional<LinkObservation> observation, Instant now) {
        Optional<LinkObservation.End> a = observation.map(LinkObservation::a).filter(LinkObservation.End::reachable);
        if (a.isPresent()) {
            return Optional.of((int) a.get().keys().stream().map(KeySlot::start).flatMap(Optional::stream).filter(now::isBefore).count());
        }
        return state.map(LinkStateRecord::futureSlots);
    }

    /**
     * When the last key staged on the devices starts: from then on the key in service has no successor
     * and only ages. The devices' key chain says it exactly when the daemon has observed it; otherwise
     * it is estimated from the journal (each staged key one interval after the previous one).
     */
    public Optional<Instant> lastKeyStart() {
        return lastKeyStart(state, schedule.map(Schedule::interval), observed.map(Observed::observation));
    }

    /** See {@link #lastKeyStart()}. */
    public static Optional<Instant> lastKeyStart(Optional<LinkStateRecord> state, Optional<Duration> interval,
                                                 Optional<LinkObservation> observation) {
        Optional<LinkObservation.End> a = observation.map(LinkObservation::a).filter(LinkObservation.End::reachable);
        if (a.isPresent()) {
            Optional<Instant> latest = a.get().keys().stream().map(KeySlot::start).flatMap(Optional::stream).max(Instant::compareTo);
            if (latest.isPresent()) {
                return latest;
            }
        }
        if (state.isEmpty()) {
            return Optional.empty();
        }
        LinkStateRecord s = state.get();
        if (s.futureSlots() <= 0 || s.nextStart().isEmpty()) {
            return s.activeSince();
        }
        Duration spacing = interval.orElse(Duration.ZERO).multipliedBy(s.futureSlots() - 1L);
        return Optional.of(s.nextStart().get().plus(spacing));
    }
}
