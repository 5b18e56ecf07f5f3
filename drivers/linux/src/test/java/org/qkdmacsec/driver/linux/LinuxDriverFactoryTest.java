package org.qkdmacsec.driver.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.spi.Activation;
import org.qkdmacsec.spi.DeviceTarget;
import org.qkdmacsec.spi.DriverContext;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.MacsecDriver;
import org.qkdmacsec.spi.MacsecDriverFactory;

class LinuxDriverFactoryTest {
    static DeviceTarget target(Map<String, String> options) {
        return new DeviceTarget("pi-1", "linux", "127.0.0.1", 22, "root", Optional.empty(), Optional.empty(),
                DeviceTarget.HostKeyPolicy.fingerprint("SHA256:x"), Optional.empty(), options);
    }

    @Test
    void registeredWithServiceLoaderAsLinux() {
        assertTrue(ServiceLoader.load(MacsecDriverFactory.class).stream().map(ServiceLoader.Provider::get)
                .anyMatch(f -> f instanceof LinuxDriverFactory && f.vendor().equals("linux")));
    }

    @Test
    void localTransportOpensWithoutANetwork() {
        try (MacsecDriver d = new LinuxDriverFactory().open(target(Map.of("transport", "local", "netns", "lab-a")),
                DriverContext.defaults(Clock.systemUTC()))) {
            assertEquals(Activation.IMMEDIATE, d.capabilities().activation());
        }
    }

    @Test
    void badOptionsAreRefusedByName() {
        LinuxDriverFactory f = new LinuxDriverFactory();
        for (Map<String, String> bad : java.util.List.of(Map.of("transport", "telnet"), Map.of("netns", "a b"),
                Map.of("ip", "ip; reboot"), Map.of("sudo", "yes"))) {
            DriverException e = assertThrows(DriverException.class, () -> f.open(target(bad), DriverContext.defaults(Clock.systemUTC())));
            assertEquals(DriverException.Kind.INVALID_REQUEST, e.kind(), bad.toString());
            assertTrue(e.getMessage().startsWith("pi-1: "), e.getMessage());
        }
    }
}
