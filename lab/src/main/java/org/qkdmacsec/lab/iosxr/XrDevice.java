package org.qkdmacsec.lab.iosxr;

/** The parts of one simulated router that its front-ends (CLI, gNMI) share. */
record XrDevice(String hostname, ConfigStore store, XrInterfaces interfaces, DeviceClock clock, Faults faults, MkaSessions mka,
        boolean ntpSynchronized) {
}
