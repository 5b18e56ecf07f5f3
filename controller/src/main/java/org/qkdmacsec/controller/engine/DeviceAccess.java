package org.qkdmacsec.controller.engine;

import java.util.Set;
import java.util.function.Consumer;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.MacsecDriver;

/**
 * The only way the engine reaches a device: a step asks for the devices it needs and runs once it holds
 * their locks, through a {@link Held} that hands out drivers and may replace a broken session. So no
 * driver is used outside its device's lock, and a session is closed only by the one step that holds it
 * (never under another link's commit on the same device).
 */
final class DeviceAccess {
    private final DeviceLocks locks;
    private final DriverPool pool;

    DeviceAccess(DeviceLocks locks, DriverPool pool) {
        this.locks = locks;
        this.pool = pool;
    }

    /** Whether some step of this engine holds {@code device} (the fault search checks every driver call against it). */
    boolean isHeld(String device) {
        return locks.isHeld(device);
    }

    /** Runs {@code body} on a worker once {@code devices} are held; the body (or what it hands on) releases them. */
    void with(Set<String> devices, Consumer<Held> body) {
        Set<String> wanted = Set.copyOf(devices);
        locks.acquire(wanted, () -> body.accept(new Held(wanted)));
    }

    /** Devices held by one step. */
    final class Held {
        private final Set<String> devices;
        private final Held owner;
        private boolean released;

        private Held(Set<String> devices) {
            this(devices, null);
        }

        private Held(Set<String> devices, Held owner) {
            this.devices = devices;
            this.owner = owner;
        }

        /**
         * The same devices for a part of the step (one transaction of a batch): it may use them, but only the
         * step that took the locks releases them.
         */
        Held shared() {
            return new Held(devices, this);
        }

        /** The driver for a held device, connecting if needed. */
        MacsecDriver driver(String device) {
            check(device);
            return pool.driver(device);
        }

        /**
         * Calls {@code op} on {@code device}; a session that was lost or timed out is closed, so the next
         * call reconnects — safe here because this step holds the device.
         */
        <T> T call(String device, DeviceCall<T> op) {
            MacsecDriver d = driver(device);
            try {
                return op.apply(d);
            } catch (DriverException e) {
                if (breaksSession(e)) {
                    pool.invalidate(device);
                }
                throw e;
            }
        }

        boolean holds(String device) {
            return (owner == null ? !released : owner.holds(device)) && devices.contains(device);
        }

        Set<String> devices() {
            return devices;
        }

        void release() {
            if (owner == null && !released) {
                released = true;
                locks.release(devices);
            }
        }

        private void check(String device) {
            if (!holds(device)) {
                throw new IllegalStateException("device " + device + " is used without its lock (held: "
                        + (released ? "none" : devices) + ")");
            }
        }
    }

    /** A device operation. */
    interface DeviceCall<T> {
        T apply(MacsecDriver driver);
    }

    static boolean breaksSession(DriverException e) {
        return switch (e.kind()) {
            case SESSION_LOST, TIMEOUT, CONNECT, PROTOCOL -> true;
            default -> false;
        };
    }

    /** Whether the request may have reached the device and taken effect although it failed. */
    static boolean outcomeUnknown(DriverException e) {
        return e.kind() == DriverException.Kind.SESSION_LOST || e.kind() == DriverException.Kind.TIMEOUT
                || e.kind() == DriverException.Kind.PROTOCOL;
    }
}
