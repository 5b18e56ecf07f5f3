package org.qkdmacsec.spi;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** One port's share of a change that covers several ports of one device (one commit for all of them). */
public record PortChange(Port port, KeyPlan plan) {
    public PortChange {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(plan, "plan");
    }

    /**
     * Refuses a change in which two ports name the same {@code what} (read by {@code field}): one device
     * change configures each once. {@code eachOnce} lists what the driver's changes take once each.
     */
    public static void requireDistinct(String device, List<PortChange> changes, Function<Port, String> field, String what,
                                       String eachOnce) {
        Map<String, String> seen = new HashMap<>();
        for (PortChange c : changes) {
            String before = seen.putIfAbsent(field.apply(c.port()), c.port().interfaceName());
            if (before != null) {
                throw new DriverException(DriverException.Kind.INVALID_REQUEST, device, "ports " + before + " and "
                        + c.port().interfaceName() + " of one change both name " + what + " " + field.apply(c.port())
                        + "; a change takes each " + eachOnce + " once (stage them in separate changes)");
            }
        }
    }
}
