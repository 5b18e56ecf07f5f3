package org.qkdmacsec.lab.mka;

import java.time.Instant;
import java.util.Optional;

/** A stretch of lab time [from, to) during which a side's active key did not change; ckn empty = no key. */
public record ActiveSpan(Instant from, Instant to, Optional<String> ckn) {
}
