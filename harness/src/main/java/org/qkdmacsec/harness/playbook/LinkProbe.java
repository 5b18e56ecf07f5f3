package org.qkdmacsec.harness.playbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.qkdmacsec.controller.engine.LinkSpec;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.controller.runtime.ControllerRuntime;
import org.qkdmacsec.controller.runtime.LinkSpecs;
import org.qkdmacsec.spi.KeyChainView;
import org.qkdmacsec.spi.MacsecDriver;
import org.qkdmacsec.spi.MkaSession;
import org.qkdmacsec.spi.Port;

/**
 * Reads both ends of a link the way the engine does — through the drivers (key chain, then MKA with
 * what the peer's driver published) — so a playbook's checks see what an operator's tools would, never the
 * simulators' insides. A failed read is reported, and the device's session is dropped so the next
 * read reconnects.
 */
final class LinkProbe {
    /** What one end showed, or why it could not be read. */
    record End(String device, String interfaceName, Optional<KeyChainView> keys, List<MkaSession> mka, Optional<String> error) { }

    private final ControllerRuntime runtime;
    private final Inventory inventory;

    LinkProbe(ControllerRuntime runtime, Inventory inventory) {
        this.runtime = runtime;
        this.inventory = inventory;
    }

    List<End> read(Link link) {
        LinkSpec spec = LinkSpecs.of(inventory, link);
        List<Optional<KeyChainView>> views = new ArrayList<>();
        List<Optional<String>> errors = new ArrayList<>();
        for (Side s : Side.values()) {
            LinkSpec.End end = spec.end(s);
            try {
                views.add(Optional.of(driver(end.device()).readKeys(end.port())));
                errors.add(Optional.empty());
            } catch (RuntimeException e) {
                runtime.drivers().invalidate(end.device());
                views.add(Optional.empty());
                errors.add(Optional.of(e.getMessage()));
            }
        }
        List<End> out = new ArrayList<>();
        for (Side s : Side.values()) {
            LinkSpec.End end = spec.end(s);
            int i = s.ordinal();
            int peer = s.other().ordinal();
            List<MkaSession> mka = List.of();
            Optional<String> error = errors.get(i);
            if (error.isEmpty()) {
                Port port = views.get(peer).map(v -> end.port().withPeer(v.forPeer())).orElse(end.port());
                try {
                    mka = driver(end.device()).readMka(port);
                } catch (RuntimeException e) {
                    runtime.drivers().invalidate(end.device());
                    error = Optional.of(e.getMessage());
                }
            }
            out.add(new End(end.device(), end.port().interfaceName(), views.get(i), mka, error));
        }
        return out;
    }

    /** Empty when both devices answer (log in and report their facts); else why not. */
    Optional<String> unreachable(Link link) {
        List<String> problems = new ArrayList<>();
        for (String device : List.of(link.a().device(), link.b().device())) {
            try {
                driver(device).facts();
            } catch (RuntimeException e) {
                runtime.drivers().invalidate(device);
                problems.add(device + ": " + e.getMessage());
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private MacsecDriver driver(String device) {
        return runtime.drivers().driver(device);
    }
}
