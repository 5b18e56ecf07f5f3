package org.qkdmacsec.spi;

/**
 * Per-vendor settings of one port, from the link side's {@code options:} in the inventory. Junos and
 * IOS-XR ports take none; a Linux port may name its MACsec device, SCI port and replay window.
 */
public sealed interface PortOptions permits PortOptions.None, LinuxPortOptions {
    /** No options: the vendor's defaults. */
    PortOptions NONE = new None();

    /** A port without options. */
    record None() implements PortOptions {
    }
}
