package org.qkdmacsec.controller.cli;

import java.lang.reflect.Proxy;

/**
 * Runs an action on SIGHUP. Java has no public API for it; {@code sun.misc.Signal} (module
 * jdk.unsupported, exported on every JDK through 25) is the standard way, reached reflectively so the
 * build carries no proprietary-API warnings and a runtime without it still starts (the inventory file
 * is also watched, so reloads keep working).
 */
final class Hangup {
    private Hangup() { }

    /** @return false when this runtime offers no signal handling */
    static boolean onHangup(Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object hup = signal.getConstructor(String.class).newInstance("HUP");
            Object h = Proxy.newProxyInstance(Hangup.class.getClassLoader(), new Class<?>[] {handler}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "handle" -> action.run();
                    case "hashCode" -> {
                        return System.identityHashCode(proxy);
                    }
                    case "equals" -> {
                        return proxy == args[0];
                    }
                    case "toString" -> {
                        return "SIGHUP handler";
                    }
                    default -> { }
                }
                return null;
            });
            signal.getMethod("handle", signal, handler).invoke(null, hup, h);
            return true;
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
