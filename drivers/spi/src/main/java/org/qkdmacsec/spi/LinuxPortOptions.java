package org.qkdmacsec.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A Linux port's settings (docs/drivers/linux.md).
 *
 * @param macsecDevice the MACsec device the driver keys (and creates if missing); empty: the link's
 *                     connectivity-association name
 * @param sciPort      the port number in the SCI of a device the driver creates (1..65535)
 * @param replayWindow the replay window in packets (at least 1: the kernel's crypto may reorder frames)
 */
public record LinuxPortOptions(Optional<String> macsecDevice, int sciPort, long replayWindow) implements PortOptions {
    public static final int DEFAULT_SCI_PORT = 1;
    public static final long DEFAULT_REPLAY_WINDOW = 64;
    public static final LinuxPortOptions DEFAULTS = new LinuxPortOptions(Optional.empty(), DEFAULT_SCI_PORT, DEFAULT_REPLAY_WINDOW);

    public LinuxPortOptions {
        Objects.requireNonNull(macsecDevice, "macsecDevice");
        if (sciPort < 1 || sciPort > 0xffff) {
            throw new IllegalArgumentException("sci-port " + sciPort + " is not within 1..65535");
        }
        if (replayWindow < 1 || replayWindow > 0xffffffffL) {
            throw new IllegalArgumentException("replay-window " + replayWindow + " is not within 1..4294967295");
        }
    }
}
