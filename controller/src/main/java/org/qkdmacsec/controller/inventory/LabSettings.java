package org.qkdmacsec.controller.inventory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    /** @param clockSkew how far the simulated device's clock runs ahead of UTC (negative: behind) */
    public record LabDevice(Duration clockSkew) {
        public LabDevice {
            Objects.requireNonNull(clockSkew, "clockSkew");
        }
    }
}
