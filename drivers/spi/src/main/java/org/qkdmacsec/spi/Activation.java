package org.qkdmacsec.spi;

/** How a device moves to a new key. */
public enum Activation {
    /**
     * The device activates a staged key by itself at its start-time (Junos key-chain start-time,
     * IOS-XR lifetime). The engine stages ahead and waits.
     */
    SCHEDULED,
    /**
     * The device uses a key as soon as told (Linux static SAs): the engine stages the receive side on
     * both ends first and then calls {@link MacsecDriver#activate} on each end.
     */
    IMMEDIATE
}
