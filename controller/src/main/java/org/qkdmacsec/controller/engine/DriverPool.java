package org.qkdmacsec.controller.engine;

import org.qkdmacsec.spi.MacsecDriver;

/** Open management sessions by device name; reconnects after a session was lost. */
public interface DriverPool extends AutoCloseable {
    /** The driver for {@code device}, connecting if needed. */
    MacsecDriver driver(String device);

    /** Forgets (and closes) the session to {@code device}; the next call reconnects. */
    void invalidate(String device);

    @Override
    void close();
}
