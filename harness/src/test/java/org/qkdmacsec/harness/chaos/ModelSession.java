package org.qkdmacsec.harness.chaos;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.qkdmacsec.spi.Candidate;
import org.qkdmacsec.spi.Capabilities;
import org.qkdmacsec.spi.DeviceFacts;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.KeyChainView;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.KeySlot;
import org.qkdmacsec.spi.MacsecDriver;
import org.qkdmacsec.spi.MkaSession;
import org.qkdmacsec.spi.Port;
import org.qkdmacsec.spi.PortChange;

/**
 * One management session to a {@link ModelDevice}, as a driver would hold it. Every call first asks the
 * run's faults what happens to it, and tells the run which controller made it (the lock-discipline
 * invariant). The CAK never enters the model: a SHA-256 digest stands for it.
 */
final class ModelSession implements MacsecDriver {
    private final ModelDevice device;
    private final World world;
    private final String controller;
    private final String id;
    private int candidates;
    private boolean closed;

    ModelSession(ModelDevice device, World world, String controller) {
        this.device = device;
        this.world = world;
        this.controller = controller;
        this.id = device.connect();
    }

    boolean alive() {
        return !closed && device.up() && device.liveSessions().contains(id);
    }

    private <T> T call(DeviceOp op, Supplier<T> body) {
        if (closed) {
            throw new DriverException(DriverException.Kind.SESSION_LOST, device.name, "session closed");
        }
        device.checkSession(id);
        world.recorder().driverCall(controller, device.name, op);
        DeviceAction a = world.faults().onDeviceCall(device.name, op);
        switch (a.kind()) {
            case DROP_BEFORE -> {
                drop();
                throw new DriverException(DriverException.Kind.SESSION_LOST, device.name, op + ": session lost before the request took effect (injected)");
            }
            case REFUSE -> throw new DriverException(op == DeviceOp.COMMIT ? DriverException.Kind.COMMIT_FAILED
                    : DriverException.Kind.DEVICE_ERROR, device.name, op + " refused (injected)");
            case SLOW -> {
                java.time.Instant from = world.clock().instant();
                world.clock().advance(a.delay());
                world.recorder().slowCall(device.name, from, world.clock().instant());
            }
            default -> { }
        }
        T out = body.get();
        if (a.kind() == DeviceAction.Kind.DROP_AFTER || a.kind() == DeviceAction.Kind.TIMEOUT_AFTER) {
            drop();
            throw new DriverException(a.kind() == DeviceAction.Kind.DROP_AFTER ? DriverException.Kind.SESSION_LOST
                    : DriverException.Kind.TIMEOUT, device.name, op + ": the answer was lost after the request took effect (injected)");
        }
        return out;
    }

    private void run(DeviceOp op, Runnable body) {
        call(op, () -> {
            body.run();
            return null;
        });
    }

    private void drop() {
        device.disconnect(id);
        closed = true;
    }

    @Override
    public DeviceFacts facts() {
        return call(DeviceOp.FACTS, () -> new DeviceFacts(device.name, device.flavor.vendor(), "model", "1", device.deviceTime(),
                world.clock().instant(), ZoneOffset.UTC, true));
    }

    @Override
    public Capabilities capabilities() {
        return call(DeviceOp.CAPABILITIES, () -> device.flavor.capabilities(device.commitConfirmed));
    }

    @Override
    public KeyChainView readKeys(Port port) {
        return call(DeviceOp.READ_KEYS, () -> {
            PortConfig c = device.committed(port.interfaceName());
            List<KeySlot> slots = new ArrayList<>();
            int n = 0;
            for (PortConfig.Key k : c.keys()) {
                slots.add(new KeySlot(Integer.toString(n++), k.ckn(), device.flavor.scheduled() ? Optional.of(k.start()) : Optional.empty(), k.end()));
            }
            return new KeyChainView(port.keyChain(), Optional.of(port.connectivityAssociation()), slots, c.transmit(), c.transmit(), Optional.empty(),
                    c.description());
        });
    }

    @Override
    public List<MkaSession> readMka(Port port) {
        return call(DeviceOp.READ_MKA, () -> world.truth().sessions(device, port.interfaceName()));
    }

    @Override
    public Candidate stage(Port port, KeyPlan plan) {
        return stage(List.of(new PortChange(port, plan)));
    }

    @Override
    public Candidate stage(List<PortChange> changes) {
        return call(DeviceOp.STAGE, () -> {
            String cid = id + "/c" + (++candidates);
            Map<String, String> caks = new java.util.HashMap<>();
            Map<String, KeyPlan> plans = new java.util.LinkedHashMap<>();
            for (PortChange c : changes) {
                c.plan().adds().forEach(a -> caks.put(a.ckn().toLowerCase(), digest(a)));
                plans.put(c.port().interfaceName(), c.plan());
            }
            device.stage(id, cid, plans, caks);
            return new Candidate(cid, device.name, changes.get(0).port(), "model: " + changes.size() + " port(s)", world.clock().instant());
        });
    }

    @Override
    public void commit(Candidate candidate, Duration confirmWithin) {
        run(DeviceOp.COMMIT, () -> device.commit(id, candidate.id(), confirmWithin));
    }

    @Override
    public void confirm(Candidate candidate) {
        run(DeviceOp.CONFIRM, () -> device.confirm(id));
    }

    @Override
    public void discard(Candidate candidate) {
        run(DeviceOp.DISCARD, () -> device.discard(id, candidate.id()));
    }

    @Override
    public void activate(Port port, String ckn) {
        run(DeviceOp.ACTIVATE, () -> device.activate(id, port.interfaceName(), ckn));
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            device.disconnect(id);
        }
    }

    private static String digest(KeyPlan.Add a) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(a.cak().apply(md::digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
