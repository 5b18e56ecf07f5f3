package org.qkdmacsec.lab.mka;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One side's MKA view at a lab instant: its active CKN and its sessions, primary first.
 *
 * @param linkSecured true when some CA of the link is secured at {@code at} (the link carries traffic)
 */
public record PortState(Side side, Instant at, Optional<String> activeCkn, List<MkaSession> sessions,
                        boolean linkSecured) {
    public PortState {
        sessions = List.copyOf(sessions);
    }

    /** The session of the active key, if there is an active key. */
    public Optional<MkaSession> primary() {
        return sessions.stream().filter(s -> s.type() == CakType.PRIMARY).findFirst();
    }
}
