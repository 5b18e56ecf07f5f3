package org.qkdmacsec.spi;

/**
 * Creates drivers for one vendor. Implementations are registered with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.qkdmacsec.spi.MacsecDriverFactory}).
 */
public interface MacsecDriverFactory {
    /** The inventory's vendor string this factory serves: {@code junos}, {@code iosxr}, {@code linux}. */
    String vendor();

    /** Connects to the device (login included) and returns a ready driver. */
    MacsecDriver open(DeviceTarget target, DriverContext context);
}
