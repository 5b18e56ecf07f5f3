package org.qkdmacsec.driver.linux;

import java.util.Objects;
import java.util.Optional;
import org.qkdmacsec.spi.PeerFacts;

/**
 * What one Linux end tells the other ({@code KeyChainView.forPeer()}, handed over as {@code Port.peer()}).
 *
 * @param sci    its SCI: the receive channel the other end installs keys in
 * @param nextAn the association number it will install its next key at
 * @param record its key record: the CKNs it holds, at which AN, with which key number, and its last key number
 */
record LinuxPeer(Optional<Sci> sci, Optional<Integer> nextAn, SlotRecord record) implements PeerFacts {
    static final LinuxPeer UNKNOWN = new LinuxPeer(Optional.empty(), Optional.empty(), SlotRecord.empty());

    LinuxPeer {
        Objects.requireNonNull(sci, "sci");
        Objects.requireNonNull(nextAn, "nextAn");
        Objects.requireNonNull(record, "record");
    }
}
