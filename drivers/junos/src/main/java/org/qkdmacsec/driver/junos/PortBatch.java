package org.qkdmacsec.driver.junos;

import java.util.List;
import java.util.stream.Collectors;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.DriverException.Kind;
import org.qkdmacsec.spi.Port;
import org.qkdmacsec.spi.PortChange;

/**
 * The rules for one change that covers several ports of a device (one lock, one {@code <load-configuration>},
 * one commit): how many ports it may take, and that no two of them share an interface, a key chain or a
 * connectivity association — each port's key ids are worked out against the committed chain on their own,
 * so two ports writing the same chain would both take its lowest free ids.
 */
final class PortBatch {
    /** What one change configures once each (the ports of a change must not share them). */
    private static final String ONCE_EACH = "interface, key chain and connectivity-association";

    /**
     * Ports per change. One commit's cost on Junos is mostly fixed (issue 17: Juniper measured ~4.4 s per commit for its
     * QKD scripts on MX/ACX), so a change over N ports saves N − 1 commits; 64 covers a router's MACsec ports in
     * one commit (the 48-port routers of issue 17, the 50-port lab routers of its benchmark) while keeping the
     * {@code <load-configuration>} small (under 1 KB a port, KeyChainChangeTest) and bounding what a refused
     * change sends the engine back to: one commit per port.
     */
    static final int MAX_PORTS = 64;

    private PortBatch() {
    }

    /** @throws DriverException INVALID_REQUEST: no ports, more than {@link #MAX_PORTS}, or a shared interface, chain or CA */
    static void check(String device, List<PortChange> changes) {
        if (changes.isEmpty()) {
            throw new DriverException(Kind.INVALID_REQUEST, device, "a change needs at least one port");
        }
        if (changes.size() > MAX_PORTS) {
            throw new DriverException(Kind.INVALID_REQUEST, device, "a change covers at most " + MAX_PORTS + " ports (capabilities"
                    + " portsPerCommit), this one " + changes.size() + "; split it");
        }
        PortChange.requireDistinct(device, changes, Port::interfaceName, "interface", ONCE_EACH);
        PortChange.requireDistinct(device, changes, Port::keyChain, "key chain", ONCE_EACH);
        PortChange.requireDistinct(device, changes, Port::connectivityAssociation, "connectivity-association", ONCE_EACH);
    }

    /** For messages: what a load carries, by key chain, with the key ids and CKNs of a single port. */
    static String describe(List<KeyChainChange> changes) {
        if (changes.size() == 1) {
            return "the change to key chain " + changes.get(0).port().keyChain() + " (" + changes.get(0).summary() + ")";
        }
        return "the change to key chains " + changes.stream().map(c -> c.port().keyChain()).collect(Collectors.joining(", "))
                + " (" + changes.size() + " ports, one candidate)";
    }
}
