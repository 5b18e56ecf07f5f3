package org.qkdmacsec.lab.mka;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The exact consequences of both sides' feed histories up to a horizon: each side's active key as
 * piecewise-constant spans, the spans where both hold the same CA, and per CA the intervals it was
 * secured. Everything is computed from change points (feed times, key starts/ends moved to lab time),
 * never by sampling. Immutable.
 */
final class LinkAnalysis {
    /** A span [from, to) of lab time with a constant active key (null = none). */
    record Span(Instant from, Instant to, MkaKey key) {
    }

    private final Map<Side, List<Span>> active = new EnumMap<>(Side.class);
    private final Map<MkaKey.CaId, List<TimeInterval>> secured = new LinkedHashMap<>();
    private final List<TimeInterval> securedUnion;

    LinkAnalysis(Map<Side, List<PortFeed>> feeds, MkaTiming timing, Instant horizon) {
        for (Side s : Side.values()) {
            active.put(s, activeSpans(feeds.get(s), horizon));
        }
        Map<MkaKey.CaId, List<TimeInterval>> common = commonIntervals(active.get(Side.A), active.get(Side.B));
        common.forEach((ca, intervals) -> secured.put(ca, securedIntervals(intervals, timing)));
        securedUnion = union(secured.values().stream().flatMap(List::stream).toList());
    }

    List<Span> spans(Side side) {
        return active.get(side);
    }

    Optional<MkaKey> activeAt(Side side, Instant t) {
        return active.get(side).stream().filter(s -> !t.isBefore(s.from()) && t.isBefore(s.to()))
                .findFirst().map(Span::key);
    }

    boolean securedAt(MkaKey.CaId ca, Instant t) {
        return secured.getOrDefault(ca, List.of()).stream().anyMatch(i -> i.contains(t));
    }

    /** CAs secured at {@code t}, most recently secured first. */
    List<MkaKey.CaId> securedCasAt(Instant t) {
        List<Map.Entry<MkaKey.CaId, TimeInterval>> hits = new ArrayList<>();
        secured.forEach((ca, ivs) -> ivs.stream().filter(i -> i.contains(t)).forEach(i -> hits.add(Map.entry(ca, i))));
        hits.sort(Comparator.comparing((Map.Entry<MkaKey.CaId, TimeInterval> e) -> e.getValue().from()).reversed());
        return hits.stream().map(Map.Entry::getKey).toList();
    }

    boolean linkSecuredAt(Instant t) {
        return securedUnion.stream().anyMatch(i -> i.contains(t));
    }

    /** The parts of [from, to) not covered by any secured interval. */
    List<TimeInterval> outages(Instant from, Instant to) {
        List<TimeInterval> out = new ArrayList<>();
        Instant cursor = from;
        for (TimeInterval s : securedUnion) {
            if (!s.to().isAfter(cursor)) {
                continue;
            }
            if (!s.from().isBefore(to)) {
                break;
            }
            if (s.from().isAfter(cursor)) {
                out.add(new TimeInterval(cursor, s.from()));
            }
            cursor = s.to();
            if (!cursor.isBefore(to)) {
                return out;
            }
        }
        if (cursor.isBefore(to)) {
            out.add(new TimeInterval(cursor, to));
        }
        return out;
    }

    /** A side's active key over lab time, from its first feed to the horizon. */
    private static List<Span> activeSpans(List<PortFeed> feeds, Instant horizon) {
        List<Span> out = new ArrayList<>();
        for (int i = 0; i < feeds.size(); i++) {
            PortFeed f = feeds.get(i);
            Instant from = f.at();
            Instant to = i + 1 < feeds.size() ? min(feeds.get(i + 1).at(), horizon) : horizon;
            if (!from.isBefore(to)) {
                continue; // superseded at the same instant, or beyond the horizon
            }
            TreeSet<Instant> cuts = new TreeSet<>();
            cuts.add(from);
            f.keys().stream().flatMap(f.rule()::changePoints).map(f::toLab)
                    .filter(p -> p.isAfter(from) && p.isBefore(to)).forEach(cuts::add);
            cuts.add(to);
            Instant prev = null;
            for (Instant cut : cuts) {
                if (prev != null) {
                    MkaKey key = f.rule().activeAt(f.keys(), f.toDevice(prev)).orElse(null);
                    append(out, new Span(prev, cut, key));
                }
                prev = cut;
            }
        }
        return out;
    }

    private static void append(List<Span> spans, Span next) {
        if (!spans.isEmpty()) {
            Span last = spans.get(spans.size() - 1);
            if (last.to().equals(next.from()) && sameCa(last.key(), next.key())) {
                spans.set(spans.size() - 1, new Span(last.from(), next.to(), next.key()));
                return;
            }
        }
        spans.add(next);
    }

    private static boolean sameCa(MkaKey a, MkaKey b) {
        return a == null ? b == null : b != null && a.sameCa(b);
    }

    /** Per CA, the intervals during which both sides had it active (merged, in time order). */
    private static Map<MkaKey.CaId, List<TimeInterval>> commonIntervals(List<Span> a, List<Span> b) {
        Map<MkaKey.CaId, List<TimeInterval>> out = new LinkedHashMap<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            Span x = a.get(i);
            Span y = b.get(j);
            Instant from = max(x.from(), y.from());
            Instant to = min(x.to(), y.to());
            if (from.isBefore(to) && x.key() != null && y.key() != null && x.key().sameCa(y.key())) {
                List<TimeInterval> list = out.computeIfAbsent(x.key().ca(), k -> new ArrayList<>());
                TimeInterval last = list.isEmpty() ? null : list.get(list.size() - 1);
                if (last != null && last.to().equals(from)) {
                    list.set(list.size() - 1, new TimeInterval(last.from(), to));
                } else {
                    list.add(new TimeInterval(from, to));
                }
            }
            if (x.to().isAfter(y.to())) {
                j++;
            } else if (y.to().isAfter(x.to())) {
                i++;
            } else {
                i++;
                j++;
            }
        }
        return out;
    }

    /**
     * The rules of docs/mka-model.md: a CA common over [c0, c1) is secured from c0 + hello (if that
     * comes before c1) until c1 + life. If it becomes common again while still live, the secured
     * interval simply continues (no new hello needed).
     */
    private static List<TimeInterval> securedIntervals(List<TimeInterval> common, MkaTiming timing) {
        List<TimeInterval> out = new ArrayList<>();
        Instant openFrom = null;
        Instant openTo = null;
        for (TimeInterval c : common) {
            Instant liveUntil = c.to().plus(timing.lifeTime());
            if (openFrom != null && c.from().isBefore(openTo)) {
                openTo = max(openTo, liveUntil);
                continue;
            }
            if (openFrom != null) {
                out.add(new TimeInterval(openFrom, openTo));
                openFrom = null;
            }
            Instant establishedAt = c.from().plus(timing.helloTime());
            if (establishedAt.isBefore(c.to())) {
                openFrom = establishedAt;
                openTo = liveUntil;
            }
        }
        if (openFrom != null) {
            out.add(new TimeInterval(openFrom, openTo));
        }
        return out;
    }

    private static List<TimeInterval> union(List<TimeInterval> intervals) {
        List<TimeInterval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparing(TimeInterval::from));
        List<TimeInterval> out = new ArrayList<>();
        for (TimeInterval iv : sorted) {
            TimeInterval last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && !iv.from().isAfter(last.to())) {
                out.set(out.size() - 1, new TimeInterval(last.from(), max(last.to(), iv.to())));
            } else {
                out.add(iv);
            }
        }
        return out;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
