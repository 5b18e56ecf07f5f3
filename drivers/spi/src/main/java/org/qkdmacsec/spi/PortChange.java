package org.qkdmacsec.spi;

import java.util.Objects;

/** One port's share of a change that covers several ports of one device (one commit for all of them). */
public record PortChange(Port port, KeyPlan plan) {
    public PortChange {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(plan, "plan");
    }
}
