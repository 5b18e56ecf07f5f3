package org.qkdmacsec.controller.inventory;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.qkdmacsec.config.Fields;
import org.qkdmacsec.spi.LinuxPortOptions;
import org.qkdmacsec.spi.PortOptions;

/** Reads a link side's {@code options:}, typed for its device's vendor (only Linux ports take any). */
final class PortOptionsReader {
    static final List<String> LINUX = List.of("macsec-device", "sci-port", "replay-window");
    /** A Linux interface name (IFNAMSIZ 16 with its terminating NUL), as {@code ip link} accepts it. */
    static final Pattern LINUX_IFNAME = Pattern.compile("[A-Za-z0-9_.@-]{1,15}");

    private PortOptionsReader() {
    }

    /** The side's options; empty when they are invalid (reported). {@code vendor} is empty when the device is unknown. */
    static Optional<PortOptions> read(Fields side, Optional<Vendor> vendor) {
        if (!side.has("options")) {
            return Optional.of(PortOptions.NONE);
        }
        if (vendor.isPresent() && vendor.get() != Vendor.LINUX) {
            side.error("options", vendor.get().id() + " ports take no options",
                    "options are for linux ports: " + String.join(", ", LINUX));
            return Optional.empty();
        }
        Optional<Fields> o = side.mapping("options", LINUX);
        if (o.isEmpty() || vendor.isEmpty()) {
            return Optional.empty();
        }
        Fields f = o.get();
        Optional<String> device = f.matching("macsec-device", LINUX_IFNAME, "Linux interface name",
                "1-15 letters, digits, '_', '.', '@' or '-'");
        Optional<Integer> sciPort = f.integer("sci-port", 1, 0xffff);
        Optional<Integer> window = f.integer("replay-window", 1, Integer.MAX_VALUE);
        if (f.has("macsec-device") && device.isEmpty() || f.has("sci-port") && sciPort.isEmpty()
                || f.has("replay-window") && window.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LinuxPortOptions(device, sciPort.orElse(LinuxPortOptions.DEFAULT_SCI_PORT),
                window.map(Integer::longValue).orElse(LinuxPortOptions.DEFAULT_REPLAY_WINDOW)));
    }
}
