package org.qkdmacsec.controller.inventory;

import java.util.Arrays;
import java.util.Optional;

/** Device families the controller has drivers for, with their default management ports. */
public enum Vendor {
    /** NETCONF over SSH. */
    JUNOS("junos", 830),
    /** gNMI, with SSH CLI as fallback; {@code port} is the SSH port, {@code options.gnmi-port} the gNMI one. */
    IOSXR("iosxr", 22),
    /** {@code ip macsec} over SSH. */
    LINUX("linux", 22);

    private final String id;
    private final int defaultPort;

    Vendor(String id, int defaultPort) {
        this.id = id;
        this.defaultPort = defaultPort;
    }

    /** The inventory's (and the driver SPI's) name: {@code junos}, {@code iosxr}, {@code linux}. */
    public String id() {
        return id;
    }

    public int defaultPort() {
        return defaultPort;
    }

    static Optional<Vendor> fromId(String id) {
        return Arrays.stream(values()).filter(v -> v.id.equals(id)).findFirst();
    }
}
