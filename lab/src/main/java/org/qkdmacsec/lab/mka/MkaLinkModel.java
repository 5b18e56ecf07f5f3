package org.qkdmacsec.lab.mka;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The MKA link model: joins two ports and decides, from what each device committed and when, which key
 * each side uses and whether the link is secured at every instant. Vendor-neutral; runs on the injected
 * lab clock. Rules: docs/mka-model.md. Thread-safe.
 */
public final class MkaLinkModel {
    private final Clock clock;
    private final MkaTiming timing;
    private final Map<Side, MkaPort> ports = new EnumMap<>(Side.class);
    private final Map<Side, List<PortFeed>> feeds = new EnumMap<>(Side.class);

    public MkaLinkModel(Clock labClock) {
        this(labClock, MkaTiming.DEFAULT);
    }

    public MkaLinkModel(Clock labClock, MkaTiming timing) {
        this.clock = Objects.requireNonNull(labClock, "labClock");
        this.timing = Objects.requireNonNull(timing, "timing");
        for (Side s : Side.values()) {
            ports.put(s, new MkaPort(this, s));
            feeds.put(s, new ArrayList<>());
        }
    }

    public Clock clock() {
        return clock;
    }

    public MkaTiming timing() {
        return timing;
    }

    public MkaPort port(Side side) {
        return ports.get(side);
    }

    public MkaPort a() {
        return port(Side.A);
    }

    public MkaPort b() {
        return port(Side.B);
    }

    /**
     * Keeps each side's history ordered by time; a feed at the same instant as an earlier one wins. A
     * feed that only repeats the latest one (a device re-reports every port on each commit) changes
     * nothing from its instant on, so it is not kept: history grows with changes, not with commits.
     */
    synchronized void record(Side side, PortFeed feed) {
        List<PortFeed> list = feeds.get(side);
        int i = list.size();
        if (i > 0 && !list.get(i - 1).at().isAfter(feed.at()) && list.get(i - 1).sameState(feed)) {
            return;
        }
        while (i > 0 && list.get(i - 1).at().isAfter(feed.at())) {
            i--;
        }
        list.add(i, feed);
    }

    /** Every feed a side received, in time order. */
    public synchronized List<PortFeed> feeds(Side side) {
        return List.copyOf(feeds.get(side));
    }

    /** One side's active key and sessions at lab instant {@code t}. */
    public PortState stateAt(Side side, Instant t) {
        LinkAnalysis an = analyse(t.plusNanos(1));
        Optional<MkaKey> active = an.activeAt(side, t);
        Optional<MkaKey> peerActive = an.activeAt(side.peer(), t);
        List<MkaSession> sessions = new ArrayList<>();
        boolean primarySecured = false;
        if (active.isPresent()) {
            MkaKey.CaId ca = active.get().ca();
            primarySecured = an.securedAt(ca, t);
            boolean peerOnSameCa = peerActive.isPresent() && peerActive.get().sameCa(active.get());
            sessions.add(new MkaSession(ca.ckn(), CakType.PRIMARY, primarySecured, primarySecured || peerOnSameCa ? 1 : 0));
        }
        if (!primarySecured) {
            // A CA this side left but whose life time has not run out carries traffic until the primary is up.
            for (MkaKey.CaId ca : an.securedCasAt(t)) {
                if (active.isEmpty() || !active.get().ca().equals(ca)) {
                    sessions.add(new MkaSession(ca.ckn(), CakType.PRECEDING, true, 1));
                }
            }
        }
        return new PortState(side, t, active.map(MkaKey::ckn), sessions, an.linkSecuredAt(t));
    }

    /** One side's state at the lab clock's now. */
    public PortState state(Side side) {
        return stateAt(side, clock.instant());
    }

    /** True when some CA of the link is secured at lab instant {@code t}. */
    public boolean securedAt(Instant t) {
        return analyse(t.plusNanos(1)).linkSecuredAt(t);
    }

    /** The intervals of [from, to) with no secured CA. */
    public OutageTimeline outages(Instant from, Instant to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("window ends before it starts: [" + from + ", " + to + ")");
        }
        return new OutageTimeline(from, to, analyse(to).outages(from, to));
    }

    /** One side's active key over [from, to), as maximal spans of constant CKN (empty = no key). */
    public List<ActiveSpan> activeKeys(Side side, Instant from, Instant to) {
        List<ActiveSpan> out = new ArrayList<>();
        Instant cursor = from;
        for (LinkAnalysis.Span s : analyse(to).spans(side)) {
            Instant f = s.from().isAfter(cursor) ? s.from() : cursor;
            Instant t = s.to().isBefore(to) ? s.to() : to;
            if (!f.isBefore(t)) {
                continue;
            }
            if (f.isAfter(cursor)) {
                out.add(new ActiveSpan(cursor, f, Optional.empty()));
            }
            out.add(new ActiveSpan(f, t, Optional.ofNullable(s.key()).map(MkaKey::ckn)));
            cursor = t;
        }
        if (cursor.isBefore(to)) {
            out.add(new ActiveSpan(cursor, to, Optional.empty()));
        }
        return out;
    }

    private LinkAnalysis analyse(Instant horizon) {
        // Hooks run before taking the lock: they call back into record() from the device's own lock.
        ports.values().forEach(MkaPort::refresh);
        Map<Side, List<PortFeed>> snapshot = new EnumMap<>(Side.class);
        synchronized (this) {
            feeds.forEach((s, l) -> snapshot.put(s, List.copyOf(l)));
        }
        return new LinkAnalysis(snapshot, timing, horizon);
    }

    @Override
    public String toString() {
        return "MkaLinkModel[hello=" + timing.helloTime() + ", life=" + timing.lifeTime() + "]";
    }
}
