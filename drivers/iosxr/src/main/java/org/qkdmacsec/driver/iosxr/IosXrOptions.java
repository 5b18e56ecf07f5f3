package org.qkdmacsec.driver.iosxr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.qkdmacsec.spi.DeviceTarget;
import org.qkdmacsec.spi.DriverException;

/**
 * The inventory's per-device options for IOS-XR ({@link DeviceTarget#options()}). The target's own
 * {@code port} is the SSH port; gNMI has its own.
 *
 * @param transport          {@code gnmi}, {@code cli}, or {@code auto} (gNMI, CLI when gNMI is unreachable)
 * @param gnmiPort           {@code gnmi-port}, default 57400
 * @param gnmiCa             {@code gnmi-ca}: PEM file of the CA that signed the device's gNMI certificate
 * @param gnmiServerName     {@code gnmi-server-name}: name expected in the certificate (default: host)
 * @param gnmiCommitConfirmed {@code gnmi-commit-confirmed}: {@code auto} (detect from Capabilities),
 *                           {@code true} or {@code false} (operator override)
 * @param macsecPolicy       {@code macsec-policy}: the {@code macsec-policy} a new interface binding names
 *                           ({@code macsec psk-keychain C policy P}); none by default (XR's default policy)
 */
record IosXrOptions(Transport transport, int gnmiPort, Optional<Path> gnmiCa, Optional<String> gnmiServerName,
                    Optional<Boolean> gnmiCommitConfirmed, Optional<String> macsecPolicy) {

    enum Transport { GNMI, CLI, AUTO }

    static final int DEFAULT_GNMI_PORT = 57400;

    static IosXrOptions of(DeviceTarget target) {
        Map<String, String> o = target.options();
        Transport transport = switch (o.getOrDefault("transport", "auto").trim().toLowerCase(Locale.ROOT)) {
            case "gnmi" -> Transport.GNMI;
            case "cli" -> Transport.CLI;
            case "auto" -> Transport.AUTO;
            default -> throw invalid(target, "option transport must be gnmi, cli or auto, not '" + o.get("transport") + "'");
        };
        int port = DEFAULT_GNMI_PORT;
        if (o.containsKey("gnmi-port")) {
            try {
                port = Integer.parseInt(o.get("gnmi-port").trim());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw invalid(target, "option gnmi-port must be a TCP port number, not '" + o.get("gnmi-port") + "'");
            }
        }
        Optional<Path> ca = Optional.ofNullable(o.get("gnmi-ca")).map(String::trim).map(Path::of);
        if (ca.isPresent() && !Files.isReadable(ca.get())) {
            throw invalid(target, "option gnmi-ca names " + ca.get() + ", which is not a readable file");
        }
        if (transport == Transport.GNMI && ca.isEmpty()) {
            throw invalid(target, "transport gnmi needs option gnmi-ca (PEM of the CA that signed the device's"
                    + " gNMI certificate); the controller never trusts an unpinned gNMI server");
        }
        Optional<Boolean> confirmed = switch (o.getOrDefault("gnmi-commit-confirmed", "auto").trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> Optional.empty();
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> throw invalid(target, "option gnmi-commit-confirmed must be auto, true or false");
        };
        Optional<String> policy = Optional.ofNullable(o.get("macsec-policy")).map(String::trim);
        policy.ifPresent(p -> XrModelRules.policy(target.name(), p));
        return new IosXrOptions(transport, port, ca, Optional.ofNullable(o.get("gnmi-server-name")).map(String::trim),
                confirmed, policy);
    }

    /** gNMI can be tried: a CA is pinned and the operator did not ask for the CLI only. */
    boolean gnmiConfigured() {
        return transport != Transport.CLI && gnmiCa.isPresent();
    }

    private static DriverException invalid(DeviceTarget target, String message) {
        return new DriverException(DriverException.Kind.INVALID_REQUEST, target.name(), message);
    }
}
