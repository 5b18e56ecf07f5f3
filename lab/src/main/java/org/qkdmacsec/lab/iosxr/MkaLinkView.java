package org.qkdmacsec.lab.iosxr;

import java.time.Instant;
import java.util.Optional;

/**
 * How the simulator learns, for its show commands and MKA oper data, what the MKA link model says about
 * one of its ports: whether the link is secured at an instant, with which CKN, and who the peer is.
 */
interface MkaLinkView {
    /** The link state seen from {@code iface} at lab instant {@code t}; empty when the port is not on a modelled link. */
    Optional<LinkState> state(String iface, Instant t);

    /** Secured with {@code ckn} (when secured), and the peer's host and port names. */
    record LinkState(boolean secured, Optional<String> ckn, String peerHost, String peerPort) {
    }

    MkaLinkView NONE = (iface, t) -> Optional.empty();
}
