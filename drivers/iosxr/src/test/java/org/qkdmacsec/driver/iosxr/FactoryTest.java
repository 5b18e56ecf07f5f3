package org.qkdmacsec.driver.iosxr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.spi.DeviceTarget;
import org.qkdmacsec.spi.DriverContext;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.MacsecDriverFactory;

class FactoryTest {

    @Test
    void isFoundByServiceLoaderAsIosxr() {
        assertTrue(ServiceLoader.load(MacsecDriverFactory.class).stream()
                .anyMatch(p -> p.get().vendor().equals("iosxr") && p.type() == IosXrDriverFactory.class));
    }

    @Test
    void badOptionsAreRefusedBeforeAnyConnection() {
        assertRefused(Map.of("transport", "netconf"), "transport must be gnmi, cli or auto");
        assertRefused(Map.of("transport", "gnmi"), "needs option gnmi-ca");
        assertRefused(Map.of("gnmi-port", "70000"), "gnmi-port must be a TCP port");
        assertRefused(Map.of("gnmi-ca", "/nonexistent/ca.pem"), "not a readable file");
        assertRefused(Map.of("gnmi-commit-confirmed", "maybe"), "gnmi-commit-confirmed must be");
        assertRefused(Map.of("macsec-policy", "two words"), "macsec-policy 'two words' must be 1 to 16 of");
        assertRefused(Map.of("macsec-policy", "P".repeat(17)), "(Cisco-IOS-XR model: Cisco-ios-xr-string, length 1..16)");
        assertRefused(Map.of("macsec-policy", "pol/x"), "macsec-policy 'pol/x' must be 1 to 16 of");
    }

    private static void assertRefused(Map<String, String> options, String why) {
        DeviceTarget t = new DeviceTarget("xr1", "iosxr", "127.0.0.1", 22, "admin", Optional.empty(), Optional.empty(),
                DeviceTarget.HostKeyPolicy.fingerprint("SHA256:x"), Optional.empty(), options);
        DriverException e = assertThrows(DriverException.class,
                () -> new IosXrDriverFactory().open(t, DriverContext.defaults(Clock.systemUTC())));
        assertEquals(DriverException.Kind.INVALID_REQUEST, e.kind());
        assertTrue(e.getMessage().startsWith("xr1: ") && e.getMessage().contains(why), e.getMessage());
    }
}
