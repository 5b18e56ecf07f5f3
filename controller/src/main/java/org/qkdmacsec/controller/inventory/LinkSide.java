package org.qkdmacsec.controller.inventory;

import java.util.Objects;

/**
 * One end of a link.
 *
 * @param saeId the SAE this end is (the side's {@code sae-id}, or else its KME's)
 * @param kme   id of the KME this end gets its keys from
 */
public record LinkSide(String device, String interfaceName, String saeId, String kme) {
    public LinkSide {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(saeId, "saeId");
        Objects.requireNonNull(kme, "kme");
    }

    /** {@code device:interface}, the form operators address it by. */
    public String address() {
        return device + ":" + interfaceName;
    }
}
