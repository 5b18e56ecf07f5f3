package org.qkdmacsec.driver.iosxr;

import java.util.List;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.DriverException.Kind;
import org.qkdmacsec.spi.Port;
import org.qkdmacsec.spi.PortChange;

/**
 * The rules for one change that covers several ports of a router (one gNMI Set, or one {@code configure
 * exclusive} session and one {@code commit}): how many ports each transport takes, and that no two ports share
 * an interface or a key chain (each port's change is worked out against its chain and interface as committed,
 * on their own). Ports may share a MACsec policy: it is a name the binding refers to, not something we write.
 */
final class XrBatch {
    /** What one change configures once each (the ports of a change must not share them). */
    private static final String ONCE_EACH = "interface and key chain";

    /**
     * Ports per gNMI change. The whole change is one SetRequest, so its cost is one round trip and one commit on
     * the router whatever the port count; 64 covers a router's MACsec ports in one commit (the 48-port routers of
     * issue 17, the 50-port lab routers of its benchmark) at about 1.1 KB a port (ChainSetTest), far below
     * gRPC's default 4 MiB message limit, and bounds what a refused Set sends the engine back to: one commit per
     * port.
     */
    static final int GNMI_PORTS = 64;
    /**
     * Ports per CLI change. The CLI sends one line at a time and waits for the prompt after each (a refused line
     * must stop the session at once), up to 14 lines a port (a rollover with its description), while
     * {@code configure exclusive} keeps every other session from committing; 32 ports (a few hundred lines) keep
     * that window to seconds on a real router and still take one commit instead of 32.
     */
    static final int CLI_PORTS = 32;

    private XrBatch() {
    }

    /** @throws DriverException INVALID_REQUEST: no ports, more than {@code max}, or a shared interface or key chain */
    static void check(String device, List<PortChange> changes, int max, String transport) {
        if (changes.isEmpty()) {
            throw new DriverException(Kind.INVALID_REQUEST, device, "a change needs at least one port");
        }
        if (changes.size() > max) {
            throw new DriverException(Kind.INVALID_REQUEST, device, "a change over " + transport + " covers at most " + max
                    + " ports (capabilities portsPerCommit), this one " + changes.size() + "; split it");
        }
        PortChange.requireDistinct(device, changes, Port::interfaceName, "interface", ONCE_EACH);
        PortChange.requireDistinct(device, changes, Port::keyChain, "key chain", ONCE_EACH);
    }
}
