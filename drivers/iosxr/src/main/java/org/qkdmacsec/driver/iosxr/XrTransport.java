package org.qkdmacsec.driver.iosxr;

import java.time.Duration;
import java.util.List;
import org.qkdmacsec.spi.MkaSession;

/**
 * One management protocol to an IOS-XR device (gNMI or the SSH CLI), in device terms: wall times,
 * type-7 key-strings, raw chain contents. Time-zone arithmetic, plan validation and the choice of
 * transport live in {@link IosXrDriver}.
 *
 * <p>At most one change is staged at a time; {@code handle} names it across stage/commit/confirm/discard.
 */
interface XrTransport extends AutoCloseable {

    /** {@code gnmi} or {@code cli}, for messages. */
    String name();

    ClockReading readClock();

    ChainRead readChain(String chain);

    List<MkaSession> readMka(String interfaceName);

    /** The interface's committed {@code macsec psk-keychain} binding and description (either may be absent). */
    InterfaceRead readInterface(String interfaceName);

    /**
     * Prepares the changes of one or more ports as one change (CLI: loads them into one exclusive configuration
     * session; gNMI: one SetRequest) and returns the diff, redacted. A refusal leaves nothing of any port staged.
     */
    String stage(String handle, List<ChainChange> changes);

    /** Commits; with a non-zero window the device rolls back by itself unless {@link #confirm} follows. */
    void commit(String handle, Duration confirmWithin);

    void confirm(String handle);

    /** Drops a staged change; cancels a commit still waiting for confirmation where the protocol allows. */
    void discard(String handle);

    /** This transport can commit with automatic rollback. */
    boolean commitConfirmed();

    @Override
    void close();
}
