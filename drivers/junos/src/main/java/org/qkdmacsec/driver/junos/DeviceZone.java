package org.qkdmacsec.driver.junos;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.DriverException.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zone a Junos device reads key-chain start-times in. Juniper's "key (Authentication Keychain)"
 * page calls the start-time UTC; operators of Junos key chains report the device's local zone
 * (PROTOCOLS.md). The driver relies on what the device reports: its committed {@code system
 * time-zone} (UTC, Junos' default, when none is set), cross-checked on every stage by reading the
 * staged start-times back ({@link StartTimeCheck}: when Junos prints a zone suffix, the instant it
 * shows must be the one intended). Device option {@code start-time-zone} overrides the zone for a
 * release found to read start-times in another zone than its system zone; the inventory's
 * {@code time-zone} only stands in for a system zone Java does not know.
 */
final class DeviceZone {
    private static final Logger LOG = LoggerFactory.getLogger(JunosDriver.class);
    static final String OPTION = "start-time-zone";

    private DeviceZone() {
    }

    static ZoneId resolve(String device, Optional<String> systemZone, Optional<ZoneId> inventory, Map<String, String> options) {
        Optional<ZoneId> override = Optional.ofNullable(options.get(OPTION)).map(z -> parse(device, z, "option " + OPTION));
        ZoneId reported;
        if (systemZone.isEmpty()) {
            reported = ZoneOffset.UTC;
        } else {
            try {
                reported = ZoneId.of(systemZone.get());
            } catch (DateTimeException e) {
                if (inventory.isEmpty() && override.isEmpty()) {
                    throw new DriverException(Kind.PROTOCOL, device, "system time-zone '" + systemZone.get() + "' is not a zone"
                            + " Java knows; set time-zone for this device in the inventory");
                }
                ZoneId stand = override.orElse(inventory.orElseThrow());
                LOG.warn("{}: system time-zone '{}' is not a zone Java knows; using {} from the inventory", device, systemZone.get(), stand);
                reported = stand;
            }
        }
        if (inventory.isPresent() && !sameRules(inventory.get(), reported)) {
            LOG.warn("{}: the inventory says time-zone {} but the device's system time-zone is {}; start-times follow the device",
                    device, inventory.get(), reported);
        }
        if (override.isPresent()) {
            if (!sameRules(override.get(), reported)) {
                LOG.info("{}: start-times in {} (option {}), not the system time-zone {}", device, override.get(), OPTION, reported);
            }
            return override.get();
        }
        return reported;
    }

    private static ZoneId parse(String device, String zone, String what) {
        try {
            return ZoneId.of(zone.trim());
        } catch (DateTimeException e) {
            throw new DriverException(Kind.INVALID_REQUEST, device, what + ": '" + zone + "' is not a time zone (e.g. UTC,"
                    + " Europe/Berlin)");
        }
    }

    /** Two zones that give the same offset at every instant (UTC and Etc/UTC, GMT and Z). */
    private static boolean sameRules(ZoneId a, ZoneId b) {
        return a.normalized().equals(b.normalized()) || a.getRules().equals(b.getRules())
                || a.getRules().isFixedOffset() && b.getRules().isFixedOffset()
                && a.getRules().getOffset(Instant.EPOCH).equals(b.getRules().getOffset(Instant.EPOCH));
    }
}
