package org.qkdmacsec.harness.chaos;

import java.util.EnumSet;
import org.qkdmacsec.lab.mka.ActivationRule;
import org.qkdmacsec.spi.Activation;
import org.qkdmacsec.spi.Capabilities;
import org.qkdmacsec.spi.CipherSuite;

/**
 * The device families the fault search models, each from its documented behaviour (see
 * docs/reliability.md): Junos key chains (start-times only, commit confirmed, any commit confirms a
 * pending one), IOS-XR key chains (lifetimes with ends, commit confirmed) over gNMI or the CLI, and Linux
 * static SAs (no start-times: a key is used when transmit switches to it; 2 keys at most).
 */
enum Flavor {
    JUNOS(Activation.SCHEDULED, false, 64, ActivationRule.JUNOS),
    XR_GNMI(Activation.SCHEDULED, true, 64, ActivationRule.IOS_XR),
    XR_CLI(Activation.SCHEDULED, true, 64, ActivationRule.IOS_XR),
    LINUX(Activation.IMMEDIATE, false, 2, null);

    final Activation activation;
    final boolean endTimes;
    final int maxKeys;
    final ActivationRule rule;

    Flavor(Activation activation, boolean endTimes, int maxKeys, ActivationRule rule) {
        this.activation = activation;
        this.endTimes = endTimes;
        this.maxKeys = maxKeys;
        this.rule = rule;
    }

    /** What the driver declares; {@code commitConfirmed} false models an IOS-XR transport without it. */
    Capabilities capabilities(boolean commitConfirmed) {
        // Key-chain routers take several ports in one configuration change; a Linux host keys one SecY at a time.
        return new Capabilities(activation, activation == Activation.SCHEDULED && commitConfirmed, endTimes, maxKeys,
                EnumSet.allOf(CipherSuite.class), true, activation == Activation.SCHEDULED ? 16 : 1);
    }

    boolean scheduled() {
        return activation == Activation.SCHEDULED;
    }

    String vendor() {
        return switch (this) {
            case JUNOS -> "junos";
            case XR_GNMI, XR_CLI -> "iosxr";
            case LINUX -> "linux";
        };
    }
}
