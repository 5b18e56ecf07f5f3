package org.qkdmacsec.harness.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qkdmacsec.lab.mka.CakType;
import org.qkdmacsec.lab.mka.MkaKey;
import org.qkdmacsec.lab.mka.MkaLinkModel;
import org.qkdmacsec.lab.mka.PortState;
import org.qkdmacsec.lab.mka.Side;
import org.qkdmacsec.lab.mka.TimeInterval;
import org.qkdmacsec.lab.time.ManualClock;
import org.qkdmacsec.spi.MkaSession;

/**
 * The ground truth of every link in a run, fed by the model devices with what they committed and when:
 * the lab's MKA link model for key chains, {@link SaLink} for static SAs. Invariants are judged from
 * here, never from the controller's account.
 */
final class Truth {
    private record End(String link, int side) { }

    private final ManualClock clock;
    private final Map<String, MkaLinkModel> mka = new HashMap<>();
    private final Map<String, SaLink> sa = new HashMap<>();
    private final Map<String, End> ends = new HashMap<>();

    Truth(ManualClock clock) {
        this.clock = clock;
    }

    void addLink(String link, ModelDevice a, String portA, ModelDevice b, String portB) {
        if (a.flavor == Flavor.LINUX) {
            sa.put(link, new SaLink());
        } else {
            mka.put(link, new MkaLinkModel(clock));
        }
        ends.put(a.name + "|" + portA, new End(link, 0));
        ends.put(b.name + "|" + portB, new End(link, 1));
    }

    void feed(ModelDevice d, String port, PortConfig c, Duration offset, Instant at) {
        End e = ends.get(d.name + "|" + port);
        if (e == null) {
            return; // a port no link of the run uses
        }
        if (d.flavor == Flavor.LINUX) {
            sa.get(e.link()).feed(e.side(), c, at);
            return;
        }
        List<MkaKey> keys = new ArrayList<>();
        for (PortConfig.Key k : c.keys()) {
            byte[] cak = HexFormat.of().parseHex(k.cak());
            keys.add(MkaKey.of(k.ckn(), cak, k.start(), k.end().orElse(null)));
        }
        mka.get(e.link()).port(e.side() == 0 ? Side.A : Side.B).feed(at, keys, offset, d.flavor.rule);
    }

    List<MkaSession> sessions(ModelDevice d, String port) {
        End e = ends.get(d.name + "|" + port);
        if (d.flavor == Flavor.LINUX) {
            return sa.get(e.link()).sessions(e.side(), clock.instant(), port);
        }
        PortState s = mka.get(e.link()).stateAt(e.side() == 0 ? Side.A : Side.B, clock.instant());
        List<MkaSession> out = new ArrayList<>();
        for (org.qkdmacsec.lab.mka.MkaSession m : s.sessions()) {
            out.add(new MkaSession(port, m.ckn(), m.type() == CakType.PRIMARY ? MkaSession.MkaRole.PRIMARY : MkaSession.MkaRole.PRECEDING,
                    m.secured(), m.livePeers(), Optional.empty(), "model"));
        }
        return out;
    }

    /** The stretches of [from, to) when the link carried no traffic. */
    List<TimeInterval> outages(String link, Instant from, Instant to) {
        if (sa.containsKey(link)) {
            return sa.get(link).outages(from, to);
        }
        return mka.get(link).outages(from, to).outages();
    }

    /** A stretch of time during which one end used {@code ckn}. */
    record Use(String ckn, Instant from, Instant to) { }

    /** Every stretch of [from, to) during which either end of the link used a key. */
    List<Use> uses(String link, Instant from, Instant to) {
        List<Use> out = new ArrayList<>();
        if (sa.containsKey(link)) {
            for (int side = 0; side < 2; side++) {
                List<Map.Entry<Instant, Optional<String>>> tx = sa.get(link).transmitted(side);
                for (int i = 0; i < tx.size(); i++) {
                    Instant until = i + 1 < tx.size() ? tx.get(i + 1).getKey() : to;
                    Instant since = tx.get(i).getKey();
                    tx.get(i).getValue().ifPresent(c -> out.add(new Use(c, since, until)));
                }
            }
            return out;
        }
        for (Side s : Side.values()) {
            mka.get(link).activeKeys(s, from, to).forEach(span -> span.ckn().ifPresent(c -> out.add(new Use(c, span.from(), span.to()))));
        }
        return out;
    }
}
