package org.qkdmacsec.controller.inventory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The optional {@code lab:} section, read only by {@code qkd-macsec lab up} and {@code demo}: what to
 * simulate on this machine.
 *
 * @param stateDir where the lab keeps its PKI, host keys and passwords (default {@code var/lab})
 * @param kmes     ids of inventory KMEs to simulate
 * @param devices  inventory devices to simulate, by name
 */
public record LabSettings(Path stateDir, List<String> kmes, Map<String, LabDevice> devices) {
    public static final Path DEFAULT_STATE_DIR = Path.of("var/lab");

    public LabSettings {
        Objects.requireNonNull(stateDir, "stateDir");
        kmes = List.copyOf(kmes);
        devices = Map.copyOf(devices);
    }

    /** A simulated Junos router commits in 3 s unless the lab says otherwise (Juniper's QKD scripts: about 4.4 s on MX/ACX). */
    public static final Duration JUNOS_COMMIT_LATENCY = Duration.ofSeconds(3);
    /** A simulated IOS-XR router commits in 1.5 s unless the lab says otherwise. */
    public static final Duration IOSXR_COMMIT_LATENCY = Duration.ofMillis(1500);

    /**
     * @param clockSkew     how far the simulated device's clock runs ahead of UTC (negative: behind)
     * @param commitLatency how long a commit takes on the simulated router (default by vendor: see
     *                      {@link #commitLatency(Vendor)}); not for the kernel lab's Linux VM
     * @param timeZone      the simulated router's system time zone (default: the device's
     *                      {@code time-zone}, else UTC); not for the kernel lab's Linux VM
     */
    public record LabDevice(Duration clockSkew, Optional<Duration> commitLatency, Optional<ZoneId> timeZone) {
        public LabDevice {
            Objects.requireNonNull(clockSkew, "clockSkew");
            Objects.requireNonNull(commitLatency, "commitLatency");
            Objects.requireNonNull(timeZone, "timeZone");
        }

        public LabDevice(Duration clockSkew) {
            this(clockSkew, Optional.empty(), Optional.empty());
        }

        /** The configured latency, else 3 s for Junos, 1.5 s for IOS-XR, 0 for the Linux VM. */
        public Duration commitLatency(Vendor vendor) {
            return commitLatency.orElse(switch (vendor) {
                case JUNOS -> JUNOS_COMMIT_LATENCY;
                case IOSXR -> IOSXR_COMMIT_LATENCY;
                case LINUX -> Duration.ZERO;
            });
        }
    }
}
