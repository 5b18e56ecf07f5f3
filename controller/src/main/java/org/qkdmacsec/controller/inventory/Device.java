package org.qkdmacsec.controller.inventory;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.qkdmacsec.spi.DeviceTarget;
import org.qkdmacsec.spi.Secret;

/**
 * A managed device. Exactly one of {@code password} and {@code privateKey} is set, and the password is a
 * reference that is read only by {@link #toTarget}.
 *
 * @param requireNtp the rollover gate insists the device reports NTP synchronisation (default true;
 *                   turn off only for devices whose clock is right without NTP, such as a lab VM)
 * @param options free driver options ({@code transport}, {@code gnmi-port}, {@code gnmi-ca}, {@code netns}, …)
 */
public record Device(String name, Vendor vendor, String host, int port, String username,
                     Optional<SecretRef> password, Optional<Path> privateKey, HostKeyPin hostKey,
                     Optional<ZoneId> timeZone, boolean requireNtp, Map<String, String> options) {
    public Device {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(hostKey, "hostKey");
        Objects.requireNonNull(timeZone, "timeZone");
        options = Map.copyOf(options);
    }

    /**
     * What a driver needs to connect, with the password read now from its reference. The caller owns the
     * returned target's password {@link Secret} and closes it when the session is done.
     *
     * @param acceptNewHostKeys the operator's explicit permission to accept an unknown host key into the
     *                          known_hosts file; a changed key is refused regardless, and a fingerprint pin
     *                          never accepts anything else
     */
    public DeviceTarget toTarget(boolean acceptNewHostKeys) {
        DeviceTarget.HostKeyPolicy policy = hostKey instanceof HostKeyPin.KnownHosts k
                ? DeviceTarget.HostKeyPolicy.knownHosts(k.file(), acceptNewHostKeys)
                : DeviceTarget.HostKeyPolicy.fingerprint(((HostKeyPin.Fingerprint) hostKey).fingerprint());
        Optional<Secret> secret = password.map(SecretRef::resolve);
        return new DeviceTarget(name, vendor.id(), host, port, username, secret, privateKey, policy, timeZone, options);
    }
}
