package org.qkdmacsec.controller.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.qkdmacsec.spi.KeySlot;

/**
 * What both ends of a link report at one moment, read under their devices' locks (the daemon's health
 * polling, the dashboard's timeline). No secrets: key names and times only.
 *
 * @param a side A
 * @param b side B
 */
public record LinkObservation(String linkId, Instant at, End a, End b) {
    /**
     * One end.
     *
     * @param reachable  the device answered
     * @param error      why it did not
     * @param keys       its key chain (CKN, start, end)
     * @param activeCkn  the key it uses now (MKA primary, or the transmitting SA)
     * @param secured    MKA reports the active key secured with the peer
     * @param description the interface description (ours names the key in service)
     * @param carrying   some CA is secured on this end (during a switch the previous key may carry the
     *                   traffic while the new primary is still coming up)
     */
    public record End(String device, boolean reachable, Optional<String> error, List<KeySlot> keys, Optional<String> activeCkn,
                      boolean secured, Optional<String> description, boolean carrying) {
        public End {
            keys = List.copyOf(keys);
        }

        /** The key_ID this end's interface description names (ours: {@code [qkd key_ID … ckn …]}), if any. */
        public Optional<String> describedKeyId() {
            return Descriptions.namedKeyId(description);
        }

        /** An end as read without the description, whose only secured CA is its primary. */
        public End(String device, boolean reachable, Optional<String> error, List<KeySlot> keys, Optional<String> activeCkn,
                   boolean secured) {
            this(device, reachable, error, keys, activeCkn, secured, Optional.empty(), secured);
        }
    }

    /** Both ends answered and report the same key secured. */
    public boolean secured() {
        return a.secured() && b.secured() && a.activeCkn().isPresent() && a.activeCkn().equals(b.activeCkn());
    }

    /** Both ends answered and each has a secured CA: the link carries traffic (a switch in progress included). */
    public boolean carrying() {
        return a.carrying() && b.carrying();
    }
}
