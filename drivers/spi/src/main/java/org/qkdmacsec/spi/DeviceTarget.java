package org.qkdmacsec.spi;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach one device, resolved from the inventory. Credentials arrive already
 * resolved from their {@code env:}/{@code file:} references; the driver must not log them.
 *
 * @param name        device name in the inventory (used in every message)
 * @param vendor      {@code junos}, {@code iosxr}, {@code linux}
 * @param host        management address
 * @param port        management port (NETCONF 830, SSH 22, gNMI 57400 …)
 * @param username    login name
 * @param password    password, if password authentication is used
 * @param privateKey  private key file for public-key authentication, if used
 * @param hostKeys    how the device's SSH host key (or TLS CA) is pinned
 * @param timeZone    the device's zone when the inventory states it (otherwise the driver asks)
 * @param options     driver options from the inventory ({@code transport}, {@code gnmi-port}, …)
 */
public record DeviceTarget(String name, String vendor, String host, int port, String username,
                           Optional<Secret> password, Optional<Path> privateKey, HostKeyPolicy hostKeys,
                           Optional<ZoneId> timeZone, Map<String, String> options) {
    public DeviceTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(hostKeys, "hostKeys");
        options = Map.copyOf(options);
    }

    /**
     * SSH host-key pinning. Exactly one of {@code knownHosts} and {@code fingerprint} is normally set.
     *
     * @param knownHosts  an OpenSSH known_hosts file
     * @param fingerprint a {@code SHA256:base64} fingerprint of the expected host key
     * @param acceptNew   the operator's explicit permission to accept (and record) an unknown key;
     *                    a <em>changed</em> key is refused regardless
     */
    public record HostKeyPolicy(Optional<Path> knownHosts, Optional<String> fingerprint, boolean acceptNew) {
        public static HostKeyPolicy fingerprint(String fingerprint) {
            return new HostKeyPolicy(Optional.empty(), Optional.of(fingerprint), false);
        }

        public static HostKeyPolicy knownHosts(Path file, boolean acceptNew) {
            return new HostKeyPolicy(Optional.of(file), Optional.empty(), acceptNew);
        }
    }
}
