package org.qkdmacsec.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What a device says about itself.
 *
 * @param hostname          device host name
 * @param vendor            {@code junos}, {@code iosxr}, {@code linux}
 * @param model             hardware model or platform string
 * @param osVersion         software version
 * @param deviceTime        the device's clock, as UTC
 * @param observedAt        the controller's clock at the midpoint of the request that read it
 * @param timeZone          the zone the device renders local times in (start-times, lifetimes)
 * @param ntpSynchronized   the device reports its clock synchronised to NTP
 */
public record DeviceFacts(String hostname, String vendor, String model, String osVersion,
                          Instant deviceTime, Instant observedAt, ZoneId timeZone, boolean ntpSynchronized) {
    /** Device clock minus controller clock: positive when the device runs ahead. */
    public Duration clockOffset() {
        return Duration.between(observedAt, deviceTime);
    }
}
