package org.qkdmacsec.harness.chaos;

import java.util.HashMap;
import java.util.Map;
import org.qkdmacsec.controller.engine.DriverPool;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.MacsecDriver;

/** One controller's sessions to the model devices, reconnecting after a session was lost. */
final class ModelPool implements DriverPool {
    private final World world;
    private final String controller;
    private final Map<String, ModelSession> open = new HashMap<>();

    ModelPool(World world, String controller) {
        this.world = world;
        this.controller = controller;
    }

    @Override
    public MacsecDriver driver(String device) {
        ModelSession s = open.get(device);
        if (s != null && s.alive()) {
            return s;
        }
        ModelDevice d = world.device(device);
        if (d == null) {
            throw new DriverException(DriverException.Kind.CONNECT, device, "no such device");
        }
        s = new ModelSession(d, world, controller);
        open.put(device, s);
        return s;
    }

    @Override
    public void invalidate(String device) {
        ModelSession s = open.remove(device);
        if (s != null) {
            s.close();
        }
    }

    @Override
    public void close() {
        open.values().forEach(ModelSession::close);
        open.clear();
    }
}
