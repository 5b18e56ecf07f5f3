package org.qkdmacsec.harness.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.qkdmacsec.controller.engine.DriverPool;
import org.qkdmacsec.spi.Candidate;
import org.qkdmacsec.spi.Capabilities;
import org.qkdmacsec.spi.DeviceFacts;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.KeyChainView;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.MacsecDriver;
import org.qkdmacsec.spi.MkaSession;
import org.qkdmacsec.spi.Port;

/**
 * The real drivers, talking their real protocols to the lab's simulators, with the run's device faults
 * put between the engine and each driver: a lost session really closes the session (so the simulator
 * sees it end, its lock and candidate with it), a lost answer follows a call that really took effect.
 */
final class FaultyPool implements DriverPool {
    private final DriverPool real;
    private final World world;
    private final String controller;
    private final Map<String, Faulty> open = new HashMap<>();

    FaultyPool(DriverPool real, World world, String controller) {
        this.real = real;
        this.world = world;
        this.controller = controller;
    }

    @Override
    public MacsecDriver driver(String device) {
        return open.computeIfAbsent(device, d -> new Faulty(d, real.driver(d)));
    }

    @Override
    public void invalidate(String device) {
        open.remove(device);
        real.invalidate(device);
    }

    @Override
    public void close() {
        open.clear();
        real.close();
    }

    private final class Faulty implements MacsecDriver {
        private final String device;
        private final MacsecDriver d;

        Faulty(String device, MacsecDriver d) {
            this.device = device;
            this.d = d;
        }

        private <T> T call(DeviceOp op, Supplier<T> body) {
            world.recorder().driverCall(controller, device, op);
            DeviceAction a = world.faults().onDeviceCall(device, op);
            switch (a.kind()) {
                case DROP_BEFORE -> {
                    d.close();
                    throw new DriverException(DriverException.Kind.SESSION_LOST, device, op + ": session lost before the request (injected)");
                }
                case REFUSE -> throw new DriverException(op == DeviceOp.COMMIT ? DriverException.Kind.COMMIT_FAILED
                        : DriverException.Kind.DEVICE_ERROR, device, op + " refused (injected)");
                case SLOW -> {
                    Instant from = world.clock().instant();
                    world.clock().advance(a.delay());
                    world.recorder().slowCall(device, from, world.clock().instant());
                }
                default -> { }
            }
            T out = body.get();
            if (a.kind() == DeviceAction.Kind.DROP_AFTER || a.kind() == DeviceAction.Kind.TIMEOUT_AFTER) {
                d.close();
                throw new DriverException(a.kind() == DeviceAction.Kind.DROP_AFTER ? DriverException.Kind.SESSION_LOST
                        : DriverException.Kind.TIMEOUT, device, op + ": the answer was lost after the request took effect (injected)");
            }
            return out;
        }

        private void run(DeviceOp op, Runnable body) {
            call(op, () -> {
                body.run();
                return null;
            });
        }

        @Override
        public DeviceFacts facts() {
            return call(DeviceOp.FACTS, d::facts);
        }

        @Override
        public Capabilities capabilities() {
            return call(DeviceOp.CAPABILITIES, d::capabilities);
        }

        @Override
        public KeyChainView readKeys(Port port) {
            return call(DeviceOp.READ_KEYS, () -> d.readKeys(port));
        }

        @Override
        public List<MkaSession> readMka(Port port) {
            return call(DeviceOp.READ_MKA, () -> d.readMka(port));
        }

        @Override
        public Candidate stage(Port port, KeyPlan plan) {
            return call(DeviceOp.STAGE, () -> d.stage(port, plan));
        }

        @Override
        public void commit(Candidate candidate, Duration confirmWithin) {
            try {
                run(DeviceOp.COMMIT, () -> d.commit(candidate, confirmWithin));
            } catch (DriverException e) {
                if (e.kind() == DriverException.Kind.COMMIT_FAILED && e.getMessage().contains("(injected)")) {
                    // A device that refuses a commit leaves nothing staged: the drivers abort on a refusal.
                    d.discard(candidate);
                }
                throw e;
            }
        }

        @Override
        public Duration effectiveConfirmWindow(Duration requested) {
            return d.effectiveConfirmWindow(requested);
        }

        @Override
        public void confirm(Candidate candidate) {
            run(DeviceOp.CONFIRM, () -> d.confirm(candidate));
        }

        @Override
        public void discard(Candidate candidate) {
            run(DeviceOp.DISCARD, () -> d.discard(candidate));
        }

        @Override
        public void activate(Port port, String ckn) {
            run(DeviceOp.ACTIVATE, () -> d.activate(port, ckn));
        }

        @Override
        public void close() {
            d.close();
        }
    }
}
