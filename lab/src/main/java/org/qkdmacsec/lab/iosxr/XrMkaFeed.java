package org.qkdmacsec.lab.iosxr;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.qkdmacsec.lab.mka.ActivationRule;
import org.qkdmacsec.lab.mka.MkaPort;
import org.qkdmacsec.lab.mka.MkaSession;
import org.qkdmacsec.lab.mka.PortState;

/**
 * Connects the router's interfaces to MKA link model ports: on every change of the committed
 * configuration (and a commit-confirmed rollback, at its deadline) each attached port is fed the usable
 * keys of the key chain its interface is bound to, as device-clock instants in the device's zone, with
 * the device's clock skew and the IOS-XR activation rule. Reads the link state back for show commands.
 */
final class XrMkaFeed implements ConfigListener, MkaLinkView {
    private record Attachment(MkaPort port, String peer) {
    }

    private final DeviceClock clock;
    private final Map<String, Attachment> ports = new ConcurrentHashMap<>();

    XrMkaFeed(DeviceClock clock) {
        this.clock = clock;
    }

    /** Attaches {@code iface} to {@code port} and feeds it the current configuration. */
    void attach(String iface, MkaPort port, String peer, ConfigStore store) {
        ports.put(iface, new Attachment(port, peer));
        port.beforeRead(store::expireTrial);
        XrConfig now = store.committed();
        port.feed(clock.labNow(), XrKeys.usable(now, iface, clock.zone()), clock.skew(), ActivationRule.IOS_XR);
    }

    @Override
    public void committed(Instant at, XrConfig config) {
        ports.forEach((iface, a) -> a.port().feed(at, XrKeys.usable(config, iface, clock.zone()), clock.skew(), ActivationRule.IOS_XR));
    }

    @Override
    public Optional<LinkState> state(String iface, Instant t) {
        Attachment a = ports.get(iface);
        if (a == null) {
            return Optional.empty();
        }
        PortState s = a.port().stateAt(t);
        Optional<String> secured = s.primary().filter(MkaSession::secured).map(MkaSession::ckn)
                .or(() -> s.sessions().stream().filter(MkaSession::secured).map(MkaSession::ckn).findFirst());
        return Optional.of(new LinkState(secured, a.peer()));
    }
}
