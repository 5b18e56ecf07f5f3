package org.qkdmacsec.controller.engine;

import java.util.List;
import java.util.Optional;
import org.qkdmacsec.controller.engine.DeviceAccess.Held;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.KeyChainView;
import org.qkdmacsec.spi.MkaSession;
import org.qkdmacsec.spi.Port;

/** Reads one link's ends for {@link RolloverEngine#observe}: key chains and MKA, never a change. */
final class Observer {
    private Observer() { }

    static LinkObservation read(Held held, EngineContext ctx, LinkSpec link) {
        KeyChainView[] views = new KeyChainView[2];
        LinkObservation.End[] ends = new LinkObservation.End[2];
        for (Side s : Side.values()) {
            try {
                views[s.ordinal()] = held.call(link.end(s).device(), d -> d.readKeys(link.end(s).port()));
            } catch (DriverException e) {
                ends[s.ordinal()] = unreachable(link, s, e);
            }
        }
        for (Side s : Side.values()) {
            if (ends[s.ordinal()] != null) {
                continue;
            }
            KeyChainView v = views[s.ordinal()];
            KeyChainView peer = views[s.other().ordinal()];
            Port port = peer == null ? link.end(s).port() : link.end(s).port().withPeer(peer.forPeer());
            try {
                List<MkaSession> mka = held.call(link.end(s).device(), d -> d.readMka(port));
                Optional<MkaSession> primary = mka.stream().filter(m -> m.role() == MkaSession.MkaRole.PRIMARY).findFirst()
                        .or(() -> mka.stream().filter(MkaSession::secured).findFirst());
                ends[s.ordinal()] = new LinkObservation.End(link.end(s).device(), true, Optional.empty(), v.slots(),
                        primary.map(m -> m.ckn().toLowerCase(java.util.Locale.ROOT)), primary.map(MkaSession::secured).orElse(false),
                        v.description(), mka.stream().anyMatch(MkaSession::secured));
            } catch (DriverException e) {
                ends[s.ordinal()] = unreachable(link, s, e);
            }
        }
        return new LinkObservation(link.id(), ctx.clock().instant(), ends[0], ends[1]);
    }

    private static LinkObservation.End unreachable(LinkSpec link, Side s, DriverException e) {
        return new LinkObservation.End(link.end(s).device(), false, Optional.of(e.getMessage()), List.of(), Optional.empty(), false,
                Optional.empty(), false);
    }
}
