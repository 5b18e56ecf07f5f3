package org.qkdmacsec.controller.engine;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.qkdmacsec.controller.engine.DeviceAccess.Held;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.spi.Activation;
import org.qkdmacsec.spi.Capabilities;
import org.qkdmacsec.spi.DeviceFacts;
import org.qkdmacsec.spi.KeyChainView;
import org.qkdmacsec.spi.Port;

/**
 * What both ends said about themselves when a phase read them: facts, capabilities, key chains, and the
 * ports as each driver needs them (with what the peer's driver published, e.g. Linux's peer SCI).
 */
record LinkFacts(Map<Side, DeviceFacts> facts, Map<Side, Capabilities> caps, Map<Side, KeyChainView> views,
                 Map<Side, Port> ports) {
    LinkFacts {
        facts = Map.copyOf(facts);
        caps = Map.copyOf(caps);
        views = Map.copyOf(views);
        ports = Map.copyOf(ports);
    }

    /** Reads both ends (facts, capabilities, keys); a device that cannot be read fails with {@code reason}. */
    static LinkFacts read(Held held, Scope scope, Reason reason) {
        Map<Side, DeviceFacts> facts = new EnumMap<>(Side.class);
        Map<Side, Capabilities> caps = new EnumMap<>(Side.class);
        Map<Side, KeyChainView> views = new EnumMap<>(Side.class);
        for (Side s : Side.values()) {
            facts.put(s, Calls.call(held, scope, s, reason, d -> d.facts()));
            caps.put(s, Calls.call(held, scope, s, reason, d -> d.capabilities()));
            Port port = scope.link().end(s).port();
            views.put(s, Calls.call(held, scope, s, reason, d -> d.readKeys(port)));
        }
        return new LinkFacts(facts, caps, views, peerPorts(scope.link(), views));
    }

    /** Each end's port with what the other end's driver published for it ({@link Port#peer()}). */
    static Map<Side, Port> peerPorts(LinkSpec link, Map<Side, KeyChainView> views) {
        Map<Side, Port> ports = new EnumMap<>(Side.class);
        for (Side s : Side.values()) {
            ports.put(s, link.end(s).port().withPeer(views.get(s.other()).forPeer()));
        }
        return ports;
    }

    /** The same facts with fresh key chains (and ports re-derived from them). */
    LinkFacts withViews(LinkSpec link, Map<Side, KeyChainView> fresh) {
        return new LinkFacts(facts, caps, fresh, peerPorts(link, fresh));
    }

    Activation activation() {
        return caps.get(Side.A).activation();
    }

    boolean scheduled() {
        return activation() == Activation.SCHEDULED;
    }

    boolean endTimes(Side s) {
        return caps.get(s).keyEndTimes();
    }

    boolean anyEndTimes() {
        return endTimes(Side.A) || endTimes(Side.B);
    }

    Port port(Side s) {
        return ports.get(s);
    }

    KeyChainView view(Side s) {
        return views.get(s);
    }

    Optional<String> activeSend(Side s) {
        return views.get(s).activeSendCkn();
    }
}
