package org.qkdmacsec.controller.engine;

import org.qkdmacsec.controller.engine.DeviceAccess.DeviceCall;
import org.qkdmacsec.controller.engine.DeviceAccess.Held;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.spi.DriverException;

/** Device calls whose failure becomes a named {@link Failure}. */
final class Calls {
    private Calls() { }

    static <T> T call(Held held, Scope scope, Side side, Reason reason, DeviceCall<T> op) {
        try {
            return held.call(scope.device(side), op);
        } catch (DriverException e) {
            throw new Failure(e.kind() == DriverException.Kind.SESSION_LOST ? Reason.SESSION_LOST : reason, e.getMessage(), e);
        }
    }

    static void run(Held held, Scope scope, Side side, Reason reason, java.util.function.Consumer<org.qkdmacsec.spi.MacsecDriver> op) {
        call(held, scope, side, reason, d -> {
            op.accept(d);
            return null;
        });
    }
}
