package org.qkdmacsec.spi;

import java.time.Duration;
import java.util.List;

/**
 * The operations the controller needs from one device, narrowed to MACsec keying (after NAPALM's
 * getters/load/compare/commit/discard). One instance talks to one device; the engine serialises
 * configuration changes per device, so implementations need not support concurrent staging.
 *
 * <p>Every method may throw {@link DriverException}; it never carries key material in its message.
 */
public interface MacsecDriver extends AutoCloseable {

    /** Vendor, software, the device's clock against the controller's, time zone and NTP state. */
    DeviceFacts facts();

    Capabilities capabilities();

    /** The committed key chain and CA binding for {@code port}. */
    KeyChainView readKeys(Port port);

    /** MKA sessions on the port's interface (for Linux: one entry per installed SA key). */
    List<MkaSession> readMka(Port port);

    /**
     * Opens the device's configuration for a change (Junos: locks the shared candidate), loads
     * {@code plan} — its keys and, when {@link KeyPlan#description()} is set, the interface
     * description, in one change — and returns the device's diff. Nothing is active until
     * {@link #commit}. A plan the device's model refuses is refused here with
     * {@link DriverException.Kind#INVALID_REQUEST} before anything is sent; other validation errors
     * from the device surface here too.
     * An empty plan is allowed: committing it plainly confirms any commit still awaiting
     * confirmation (how the engine finishes a transaction after a restart lost its candidates).
     */
    Candidate stage(Port port, KeyPlan plan);

    /**
     * Stages changes for several ports of this device as one candidate: one commit (and one confirmation)
     * covers them all, so a controller keying many links on one router pays one commit, not one per link.
     * Drivers take up to {@link Capabilities#portsPerCommit()} ports; the default takes one.
     */
    default Candidate stage(java.util.List<PortChange> changes) {
        if (changes.size() == 1) {
            return stage(changes.get(0).port(), changes.get(0).plan());
        }
        throw new DriverException(DriverException.Kind.UNSUPPORTED, "-", "this driver stages one port per change (got "
                + changes.size() + ")");
    }

    /**
     * Commits a staged candidate. With {@code confirmWithin} greater than zero and
     * {@link Capabilities#commitConfirmed()}, the device rolls the commit back by itself unless
     * {@link #confirm} is called within that time. {@link Duration#ZERO} commits plainly.
     */
    void commit(Candidate candidate, Duration confirmWithin);

    /**
     * The confirm window the device will actually apply when asked for {@code requested} (Junos'
     * {@code commit-configuration} counts whole minutes, so 30 s becomes 60 s). The engine keeps the
     * activation lead longer than this, so an unconfirmed change rolls back before its start-time.
     */
    default Duration effectiveConfirmWindow(Duration requested) {
        return requested;
    }

    /** Confirms a commit made with a confirm window. */
    void confirm(Candidate candidate);

    /** Abandons a staged candidate without applying it and releases the configuration session. */
    void discard(Candidate candidate);

    /**
     * Switches transmission to the key named {@code ckn}, for {@link Activation#IMMEDIATE} drivers.
     * The engine calls it only after the key is installed for receive on both ends.
     */
    default void activate(Port port, String ckn) {
        throw new DriverException(DriverException.Kind.UNSUPPORTED, "-",
                "this driver activates keys at their start-time; activate() is not used");
    }

    /** Closes the management session. */
    @Override
    void close();
}
