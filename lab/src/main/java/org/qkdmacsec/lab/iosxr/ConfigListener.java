package org.qkdmacsec.lab.iosxr;

import java.time.Instant;

/** Told of every change of the committed configuration, with the lab instant it took effect. */
@FunctionalInterface
interface ConfigListener {
    void committed(Instant at, XrConfig config);
}
