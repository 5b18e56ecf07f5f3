package org.qkdmacsec.controller.engine;

import java.time.Instant;
import java.util.Map;
import org.qkdmacsec.controller.engine.DeviceAccess.Held;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.controller.journal.SideProgress;
import org.qkdmacsec.spi.Port;

/**
 * Immediate activation (Linux static SAs): once both ends hold the new key for receive, switch transmit
 * on A, then B. Each end keeps accepting the old key, so the order cannot lose frames.
 */
final class Switchover {
    private Switchover() { }

    static void activate(Held held, Scope scope, Map<Side, Port> ports, String ckn) {
        for (Side s : Side.values()) {
            if (scope.progress(s) == SideProgress.ACTIVATED) {
                continue;
            }
            scope.checkFence();
            Instant t = scope.now();
            held.call(scope.device(s), d -> {
                d.activate(ports.get(s), ckn);
                return null;
            });
            scope.reached(s, SideProgress.ACTIVATED);
            scope.step("ACTIVATED", s, t, "");
        }
    }
}
