package org.qkdmacsec.spi;

import java.util.Optional;

/**
 * One MKA session (one CA) on a port.
 *
 * @param interfaceName interface the session runs on
 * @param ckn           the CA's key name
 * @param role          primary (current), preceding (the one being replaced), fallback
 * @param secured       MKA reports the CA secured with at least one live peer
 * @param livePeers     number of live peers
 * @param latestAn      association number of the latest SAK, if reported
 * @param detail        the device's own words for the state (for operators; no secrets)
 */
public record MkaSession(String interfaceName, String ckn, MkaRole role, boolean secured, int livePeers,
                         Optional<Integer> latestAn, String detail) {
    public enum MkaRole { PRIMARY, PRECEDING, FALLBACK, UNKNOWN }
}
