package org.qkdmacsec.controller.journal;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An end-time a transaction moved on one device (IOS-XR overlap: the previous key lives on past the new
 * key's start). Journalled before the change is sent, so an abort or a revert can put it back.
 *
 * @param side   {@code a} or {@code b}
 * @param ckn    the existing key whose end moved
 * @param oldEnd its end before (empty: infinite)
 * @param newEnd its end after (empty: infinite)
 */
public record TxnEndMove(String side, String ckn, Optional<Instant> oldEnd, Optional<Instant> newEnd) {
    public TxnEndMove {
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(ckn, "ckn");
        Objects.requireNonNull(oldEnd, "oldEnd");
        Objects.requireNonNull(newEnd, "newEnd");
    }
}
