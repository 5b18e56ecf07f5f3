package org.qkdmacsec.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The committed key chain for a port, as the device reports it. No secrets.
 *
 * @param keyChain         key chain name
 * @param boundCa          the connectivity association bound to the interface and the chain, if any
 * @param slots            keys in the chain, in the device's order
 * @param activeSendCkn    the key the device transmits with now, if it says
 * @param activeReceiveCkn the key the device accepts now, if it says
 * @param forPeer          what this end's driver tells the driver at the other end (handed over in
 *                         the peer's {@link Port#peer()}), e.g. Linux's SCI and key record
 * @param description      the interface description as committed, read back (Linux: the MACsec
 *                         device's alias, without the driver's own key record); empty when none is set
 */
public record KeyChainView(String keyChain, Optional<String> boundCa, List<KeySlot> slots,
                           Optional<String> activeSendCkn, Optional<String> activeReceiveCkn,
                           Optional<PeerFacts> forPeer, Optional<String> description) {
    public KeyChainView {
        slots = List.copyOf(slots);
        Objects.requireNonNull(forPeer, "forPeer");
        Objects.requireNonNull(description, "description");
    }

    /** A view without a description read back. */
    public KeyChainView(String keyChain, Optional<String> boundCa, List<KeySlot> slots,
                        Optional<String> activeSendCkn, Optional<String> activeReceiveCkn,
                        Optional<PeerFacts> forPeer) {
        this(keyChain, boundCa, slots, activeSendCkn, activeReceiveCkn, forPeer, Optional.empty());
    }

    public Optional<KeySlot> slot(String ckn) {
        return slots.stream().filter(s -> s.ckn().equalsIgnoreCase(ckn)).findFirst();
    }
}
