package org.qkdmacsec.driver.iosxr;

import org.qkdmacsec.spi.DeviceTarget;
import org.qkdmacsec.spi.DriverContext;
import org.qkdmacsec.spi.MacsecDriver;
import org.qkdmacsec.spi.MacsecDriverFactory;

/**
 * Cisco IOS-XR over gNMI (TLS, CA pinned by {@code gnmi-ca}) with an SSH CLI fallback. Inventory
 * options: {@code transport: gnmi|cli|auto}, {@code gnmi-port}, {@code gnmi-ca},
 * {@code gnmi-server-name}, {@code gnmi-commit-confirmed: auto|true|false}; the target's port is
 * the SSH port. See docs/drivers/iosxr.md.
 */
public final class IosXrDriverFactory implements MacsecDriverFactory {
    @Override
    public String vendor() {
        return "iosxr";
    }

    @Override
    public MacsecDriver open(DeviceTarget target, DriverContext context) {
        return IosXrDriver.open(target, context);
    }
}
