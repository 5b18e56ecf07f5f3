package org.qkdmacsec.controller.engine;

/** What the fault search may see of an engine's insides: whether it holds a device's lock. */
public final class EngineProbe {
    private EngineProbe() { }

    public static boolean holds(RolloverEngine engine, String device) {
        return engine.deviceHeld(device);
    }
}
