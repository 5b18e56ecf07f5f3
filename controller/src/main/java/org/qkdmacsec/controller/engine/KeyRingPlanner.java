package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.qkdmacsec.spi.KeySlot;

/**
 * Decides, from the keys a device holds, which keys a transaction adds (start and end times), which
 * existing end-times it moves, and which consumed keys may be retired. Pure: no I/O, no clock.
 *
 * <p>Rules (ARCHITECTURE.md "Keyring"): keep at least {@code N} keys that start in the future; a new
 * key is appended {@code interval} after the last one and never earlier than {@code earliestStart}
 * (now + lead); an immediate rollover also puts one key at {@code earliestStart}. Existing keys are
 * never removed here; an existing key's end-time is only ever moved later, or set where it had none
 * and gains a successor (so a key on a lifetime device expires {@code overlap} after its successor
 * starts, and no gap opens between consecutive keys).
 */
final class KeyRingPlanner {
    private KeyRingPlanner() { }

    /** A key to add: its start and optional end (no CKN yet — keys are fetched afterwards). */
    record NewSlot(Instant start, Optional<Instant> end) { }

    /** An existing key whose end moves. */
    record EndMove(String ckn, Instant end) { }

    record Plan(List<NewSlot> adds, List<EndMove> endMoves, Optional<KeySlot> active) {
        Optional<Instant> firstStart() {
            return adds.stream().map(NewSlot::start).min(Comparator.naturalOrder());
        }
    }

    static Plan plan(List<KeySlot> slots, Instant now, Instant earliestStart, boolean immediate, int futureTarget,
                     Duration interval, Duration overlap, boolean endTimes) {
        List<KeySlot> sorted = sortByStart(slots);
        Optional<KeySlot> active = active(sorted, now);
        long future = sorted.stream().filter(s -> startOf(s).isAfter(now)).count();

        List<Instant> starts = new ArrayList<>();
        Set<Instant> taken = new HashSet<>();
        sorted.forEach(s -> taken.add(startOf(s)));
        Instant cursor = sorted.isEmpty() ? null : startOf(sorted.get(sorted.size() - 1));
        if (immediate) {
            Instant at = unused(earliestStart, taken);
            starts.add(at);
            cursor = cursor == null || at.isAfter(cursor) ? at : cursor;
            future++;
        }
        while (future < futureTarget) {
            Instant next = unused(cursor == null ? earliestStart : max(cursor.plus(interval), earliestStart), taken);
            starts.add(next);
            cursor = next;
            future++;
        }

        // The ring after the change, in start order, to derive end-times from successors.
        record Entry(Instant start, Optional<KeySlot> existing) { }
        List<Entry> ring = new ArrayList<>();
        sorted.forEach(s -> ring.add(new Entry(startOf(s), Optional.of(s))));
        starts.forEach(t -> ring.add(new Entry(t, Optional.empty())));
        ring.sort(Comparator.comparing(Entry::start));

        List<NewSlot> adds = new ArrayList<>();
        List<EndMove> moves = new ArrayList<>();
        for (int i = 0; i < ring.size(); i++) {
            Entry e = ring.get(i);
            Optional<Instant> successorStart = i + 1 < ring.size() ? Optional.of(ring.get(i + 1).start()) : Optional.empty();
            Optional<Instant> wantedEnd = endTimes ? successorStart.map(t -> t.plus(overlap)) : Optional.empty();
            if (e.existing().isEmpty()) {
                adds.add(new NewSlot(e.start(), wantedEnd));
                continue;
            }
            KeySlot k = e.existing().get();
            if (wantedEnd.isEmpty()) {
                continue;
            }
            boolean successorIsNew = ring.get(i + 1).existing().isEmpty();
            boolean gap = k.end().isPresent() && k.end().get().isBefore(wantedEnd.get());
            boolean openEndedGainsSuccessor = k.end().isEmpty() && successorIsNew;
            if (gap || openEndedGainsSuccessor) {
                moves.add(new EndMove(k.ckn(), wantedEnd.get()));
            }
        }
        return new Plan(adds, moves, active);
    }

    /**
     * Keys that may be removed now: older than the active key, created by us, and replaced at least
     * {@code overlap} ago (or already expired). The active key and every future key stay.
     */
    static List<KeySlot> retirable(List<KeySlot> slots, Instant now, Duration overlap, Set<String> ours) {
        List<KeySlot> sorted = sortByStart(slots);
        Optional<KeySlot> active = active(sorted, now);
        List<KeySlot> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            KeySlot k = sorted.get(i);
            if (!ours.contains(k.ckn().toLowerCase(java.util.Locale.ROOT)) || active.map(a -> a.equals(k)).orElse(false)) {
                continue;
            }
            boolean expired = k.end().map(e -> !e.isAfter(now)).orElse(false);
            boolean replacedLongAgo = i + 1 < sorted.size() && active.isPresent()
                    && !startOf(k).isAfter(startOf(active.get()))
                    && !startOf(sorted.get(i + 1)).plus(overlap).isAfter(now);
            if (expired || replacedLongAgo) {
                out.add(k);
            }
        }
        return out;
    }

    /** The key a scheduled-activation device uses at {@code now}: the latest start not after now. */
    static Optional<KeySlot> active(List<KeySlot> slots, Instant now) {
        return sortByStart(slots).stream()
                .filter(s -> !startOf(s).isAfter(now))
                .filter(s -> s.end().map(e -> e.isAfter(now)).orElse(true))
                .reduce((x, y) -> y);
    }

    private static List<KeySlot> sortByStart(List<KeySlot> slots) {
        List<KeySlot> s = new ArrayList<>(slots);
        s.sort(Comparator.comparing(KeyRingPlanner::startOf));
        return s;
    }

    static Instant startOf(KeySlot s) {
        return s.start().orElse(Instant.EPOCH);
    }

    /**
     * {@code t}, or the first whole second after it that no other key starts at: two keys with one
     * start-time are ambiguous, and Junos refuses the commit.
     */
    private static Instant unused(Instant t, Set<Instant> taken) {
        Instant at = t;
        while (taken.contains(at)) {
            at = at.plusSeconds(1);
        }
        taken.add(at);
        return at;
    }

    private static Instant max(Instant x, Instant y) {
        return x.isAfter(y) ? x : y;
    }
}
