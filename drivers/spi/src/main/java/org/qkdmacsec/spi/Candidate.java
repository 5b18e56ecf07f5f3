package org.qkdmacsec.spi;

import java.time.Instant;

/**
 * A change loaded into a device's private/candidate configuration but not yet committed. The driver
 * keeps whatever session state it needs, keyed by {@link #id()}.
 *
 * @param id       driver-assigned handle
 * @param device   device name from the inventory
 * @param port     the port the change is for
 * @param diff     the device's own rendering of the change ({@code show | compare}, or the command
 *                 list), with any secret replaced by a placeholder
 * @param stagedAt controller clock when staging finished
 */
public record Candidate(String id, String device, Port port, String diff, Instant stagedAt) { }
