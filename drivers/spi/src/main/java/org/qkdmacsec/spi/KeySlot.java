package org.qkdmacsec.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One key in a device's key chain, as read back. Never carries the CAK: devices return it encrypted
 * ({@code $9$…}, type 7) or not at all, and the controller verifies keys by CKN and times only.
 *
 * @param slotId  the device's name for the slot: Junos key id 0–63, IOS-XR the CKN, Linux the AN
 * @param ckn     connectivity association key name, lower-case hex
 * @param start   when the key becomes usable (absent: always)
 * @param end     when it stops being usable (absent: never)
 */
public record KeySlot(String slotId, String ckn, Optional<Instant> start, Optional<Instant> end) {
    public KeySlot {
        Objects.requireNonNull(slotId, "slotId");
        Objects.requireNonNull(ckn, "ckn");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }
}
