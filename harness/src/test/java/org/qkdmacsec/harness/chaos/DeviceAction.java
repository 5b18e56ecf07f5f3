package org.qkdmacsec.harness.chaos;

import java.time.Duration;

/**
 * What a device fault does to one call: the session drops before the request has any effect, or after
 * it took effect (the answer is lost); it times out after taking effect; the device refuses it; or it
 * takes {@code delay} longer than usual (a commit slower than the confirm window).
 */
record DeviceAction(Kind kind, Duration delay) {
    enum Kind { NONE, DROP_BEFORE, DROP_AFTER, TIMEOUT_AFTER, REFUSE, SLOW }

    static final DeviceAction NONE = new DeviceAction(Kind.NONE, Duration.ZERO);

    static DeviceAction of(Kind kind) {
        return new DeviceAction(kind, Duration.ZERO);
    }
}
