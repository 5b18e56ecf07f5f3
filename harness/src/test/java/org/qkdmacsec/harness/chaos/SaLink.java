package org.qkdmacsec.harness.chaos;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.qkdmacsec.lab.mka.TimeInterval;

/**
 * Ground truth for a link of static SAs (Linux {@code ip macsec}, no MKA): a frame sent with the key an
 * end transmits with is accepted only if the other end holds a receive SA of that key (same CKN, same
 * key). The link carries traffic when both directions do. There is no MKA life time to bridge a gap:
 * switching transmit before the peer can receive loses frames at once.
 */
final class SaLink {
    private record State(Map<String, String> rx, Optional<String> tx) {
        static final State NONE = new State(Map.of(), Optional.empty());
    }

    private final List<TreeMap<Instant, State>> sides = List.of(new TreeMap<>(), new TreeMap<>());

    void feed(int side, PortConfig c, Instant at) {
        Map<String, String> rx = c.keys().stream().collect(Collectors.toMap(PortConfig.Key::ckn, PortConfig.Key::cak));
        sides.get(side).put(at, new State(rx, c.transmit()));
    }

    private State at(int side, Instant t) {
        Map.Entry<Instant, State> e = sides.get(side).floorEntry(t);
        return e == null ? State.NONE : e.getValue();
    }

    private static boolean carries(State from, State to) {
        return from.tx().isPresent() && from.rx().containsKey(from.tx().get())
                && from.rx().get(from.tx().get()).equals(to.rx().get(from.tx().get()));
    }

    boolean securedAt(Instant t) {
        State a = at(0, t);
        State b = at(1, t);
        return carries(a, b) && carries(b, a);
    }

    /** The stretches of [from, to) when either direction loses frames. */
    List<TimeInterval> outages(Instant from, Instant to) {
        List<Instant> points = new ArrayList<>();
        points.add(from);
        sides.forEach(m -> m.keySet().stream().filter(t -> t.isAfter(from) && t.isBefore(to)).forEach(points::add));
        points.sort(null);
        List<TimeInterval> out = new ArrayList<>();
        Instant start = null;
        for (Instant p : points) {
            boolean ok = securedAt(p);
            if (!ok && start == null) {
                start = p;
            } else if (ok && start != null) {
                out.add(new TimeInterval(start, p));
                start = null;
            }
        }
        if (start != null) {
            out.add(new TimeInterval(start, to));
        }
        return out;
    }

    /** The key side {@code side} transmits with over time, as (instant, ckn) changes. */
    List<Map.Entry<Instant, Optional<String>>> transmitted(int side) {
        List<Map.Entry<Instant, Optional<String>>> out = new ArrayList<>();
        sides.get(side).forEach((t, s) -> out.add(Map.entry(t, s.tx())));
        return out;
    }

    /** What side {@code side}'s driver would report: a session per installed key, secured while it carries traffic. */
    List<org.qkdmacsec.spi.MkaSession> sessions(int side, Instant now, String iface) {
        State me = at(side, now);
        State peer = at(1 - side, now);
        List<org.qkdmacsec.spi.MkaSession> out = new ArrayList<>();
        for (String ckn : me.rx().keySet()) {
            boolean sending = me.tx().map(ckn::equals).orElse(false);
            boolean secured = sending && me.rx().get(ckn).equals(peer.rx().get(ckn));
            out.add(new org.qkdmacsec.spi.MkaSession(iface, ckn, sending ? org.qkdmacsec.spi.MkaSession.MkaRole.PRIMARY
                    : org.qkdmacsec.spi.MkaSession.MkaRole.UNKNOWN, secured, peer.rx().containsKey(ckn) ? 1 : 0, Optional.empty(), "model"));
        }
        return out;
    }
}
