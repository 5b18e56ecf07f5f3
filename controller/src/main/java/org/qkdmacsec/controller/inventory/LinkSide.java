package org.qkdmacsec.controller.inventory;

import java.util.Objects;
import org.qkdmacsec.spi.PortOptions;

/**
 * One end of a link.
 *
 * @param saeId   the SAE this end is (the side's {@code sae-id}, or else its KME's)
 * @param kme     id of the KME this end gets its keys from
 * @param options the side's {@code options:}, typed for its device's vendor ({@link PortOptions#NONE}: none)
 */
public record LinkSide(String device, String interfaceName, String saeId, String kme, PortOptions options) {
    public LinkSide {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(saeId, "saeId");
        Objects.requireNonNull(kme, "kme");
        Objects.requireNonNull(options, "options");
    }

    /** An end without port options. */
    public LinkSide(String device, String interfaceName, String saeId, String kme) {
        this(device, interfaceName, saeId, kme, PortOptions.NONE);
    }

    /** {@code device:interface}, the form operators address it by. */
    public String address() {
        return device + ":" + interfaceName;
    }
}
