package org.qkdmacsec.lab.iosxr;

import java.time.Instant;
import java.util.Optional;

/**
 * How the simulator learns, for its show commands and MKA oper data, what the MKA link model says about
 * one of its ports at an instant: the CKN of the CA that carries the link (when one is secured) and the
 * peer's name.
 */
interface MkaLinkView {
    /** The link seen from {@code iface} at lab instant {@code t}; empty when the port is on no modelled link. */
    Optional<LinkState> state(String iface, Instant t);

    /** {@code securedCkn}: the CA secured on the link (the primary one if it is secured), if any. */
    record LinkState(Optional<String> securedCkn, String peer) {
    }

    MkaLinkView NONE = (iface, t) -> Optional.empty();
}
