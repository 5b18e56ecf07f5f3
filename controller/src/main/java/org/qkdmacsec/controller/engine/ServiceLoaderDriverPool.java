package org.qkdmacsec.controller.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.qkdmacsec.spi.DeviceTarget;
import org.qkdmacsec.spi.DriverContext;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.MacsecDriver;
import org.qkdmacsec.spi.MacsecDriverFactory;

/**
 * The one place drivers are chosen: {@link ServiceLoader} finds a {@link MacsecDriverFactory} per
 * vendor; sessions are opened on first use and kept until invalidated or closed.
 */
public final class ServiceLoaderDriverPool implements DriverPool {
    private final Function<String, DeviceTarget> targets;
    private final DriverContext context;
    private final Map<String, MacsecDriverFactory> factories;
    private final Map<String, MacsecDriver> open = new ConcurrentHashMap<>();

    /** @param targets resolves a device name to where and how to reach it (inventory + credentials) */
    public ServiceLoaderDriverPool(Function<String, DeviceTarget> targets, DriverContext context) {
        this.targets = targets;
        this.context = context;
        this.factories = loadFactories();
    }

    static Map<String, MacsecDriverFactory> loadFactories() {
        Map<String, MacsecDriverFactory> m = new HashMap<>();
        for (MacsecDriverFactory f : ServiceLoader.load(MacsecDriverFactory.class)) {
            m.put(f.vendor(), f);
        }
        return Map.copyOf(m);
    }

    /** Vendors with a driver on the class path. */
    public java.util.Set<String> vendors() {
        return factories.keySet();
    }

    @Override
    public MacsecDriver driver(String device) {
        return open.computeIfAbsent(device, d -> {
            DeviceTarget t = targets.apply(d);
            MacsecDriverFactory f = factories.get(t.vendor());
            if (f == null) {
                throw new DriverException(DriverException.Kind.UNSUPPORTED, d, "no driver for vendor '" + t.vendor()
                        + "' (available: " + String.join(", ", new java.util.TreeSet<>(factories.keySet())) + ")");
            }
            return f.open(t, context);
        });
    }

    @Override
    public void invalidate(String device) {
        MacsecDriver d = open.remove(device);
        if (d != null) {
            try {
                d.close();
            } catch (RuntimeException ignored) {
                // the session is being discarded because it already failed
            }
        }
    }

    @Override
    public void close() {
        for (String d : open.keySet()) {
            invalidate(d);
        }
    }
}
