package org.qkdmacsec.harness.chaos;

import java.util.LinkedHashMap;
import java.util.Map;
import org.qkdmacsec.lab.time.ManualClock;

/** Everything a run's models share: simulated time, the ground truth, the faults and the record. */
final class World {
    private final ManualClock clock;
    private final SimLoop loop;
    private final Truth truth;
    private final Faults faults;
    private final Recorder recorder = new Recorder();
    private final Map<String, ModelDevice> devices = new LinkedHashMap<>();

    World(ManualClock clock, Faults faults) {
        this.clock = clock;
        this.loop = new SimLoop(clock);
        this.truth = new Truth(clock);
        this.faults = faults;
    }

    ManualClock clock() {
        return clock;
    }

    SimLoop loop() {
        return loop;
    }

    Truth truth() {
        return truth;
    }

    Faults faults() {
        return faults;
    }

    Recorder recorder() {
        return recorder;
    }

    ModelDevice device(String name, Flavor flavor, boolean commitConfirmed) {
        return devices.computeIfAbsent(name, n -> new ModelDevice(n, flavor, commitConfirmed, this));
    }

    ModelDevice device(String name) {
        return devices.get(name);
    }

    Map<String, ModelDevice> devices() {
        return devices;
    }
}
