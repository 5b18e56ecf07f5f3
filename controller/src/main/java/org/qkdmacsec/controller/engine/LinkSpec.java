package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.spi.Port;

/**
 * Everything the engine needs to know about one link, independent of how the inventory spells it.
 *
 * @param id           link id
 * @param a            side A
 * @param b            side B
 * @param encSide      the side whose KME is asked for new keys ({@code enc_keys}, master SAE)
 * @param keyringSlots future keys to keep staged (scheduled-activation devices)
 * @param leadFloor    the smallest activation lead
 * @param overlap      how long the previous key stays configured after the new one starts
 * @param interval     spacing between keyring slots (and the daemon's schedule)
 * @param description  template of the text naming the key in service in both interfaces' descriptions;
 *                     empty: descriptions are left alone
 */
public record LinkSpec(String id, End a, End b, Side encSide, int keyringSlots, Duration leadFloor, Duration overlap,
                       Duration interval, Optional<String> description) {
    public LinkSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(encSide, "encSide");
        if (keyringSlots < 0) {
            throw new IllegalArgumentException("keyringSlots < 0");
        }
        Objects.requireNonNull(description, "description");
    }

    /** A link whose descriptions are left alone. */
    public LinkSpec(String id, End a, End b, Side encSide, int keyringSlots, Duration leadFloor, Duration overlap, Duration interval) {
        this(id, a, b, encSide, keyringSlots, leadFloor, overlap, interval, Optional.empty());
    }

    /**
     * One end of the link.
     *
     * @param device device name (inventory)
     * @param port   the port as the driver sees it
     * @param kme    KME id this end's SAE talks to
     * @param saeId  this end's SAE ID
     * @param requireNtp the NTP gate applies to this end's device
     */
    public record End(String device, Port port, String kme, String saeId, boolean requireNtp) { }

    public End end(Side side) {
        return side == Side.A ? a : b;
    }
}
