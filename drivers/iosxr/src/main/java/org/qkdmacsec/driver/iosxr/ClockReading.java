package org.qkdmacsec.driver.iosxr;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * What a device said about itself and its clock, before any zone interpretation.
 *
 * @param localTime  the device's wall clock
 * @param zoneName   the zone abbreviation it printed ({@code UTC}, {@code CET} …)
 * @param observedAt controller clock at the midpoint of the request
 * @param ntp        the device says its time comes from NTP
 */
record ClockReading(LocalDateTime localTime, String zoneName, Instant observedAt, boolean ntp,
                    String hostname, Optional<String> osVersion) { }
