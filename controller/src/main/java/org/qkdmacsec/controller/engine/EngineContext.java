package org.qkdmacsec.controller.engine;

import java.time.Clock;

/** What every transaction shares: tunables, where steps run, the journal, keys, events, devices, fencing. */
record EngineContext(EngineConfig config, EngineScheduler scheduler, Ledger ledger, KeySupply keys, EngineEvents events,
                     DeviceAccess devices, Fence fence, Batcher batcher,
                     Coalescer<Retirement.Retiree> retirements, CommitTimes commitTimes) {
    Clock clock() {
        return scheduler.clock();
    }
}
