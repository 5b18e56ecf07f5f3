package org.qkdmacsec.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Changes to stage on one port: keys to add, end-times to move (overlap on devices with key
 * lifetimes), and keys to remove. Removals always name keys the controller created itself; a driver
 * never removes anything a plan does not name, and never rolls back a whole configuration.
 */
public record KeyPlan(List<Add> adds, List<EndChange> endChanges, List<Remove> removes) {
    public KeyPlan {
        adds = List.copyOf(adds);
        endChanges = List.copyOf(endChanges);
        removes = List.copyOf(removes);
    }

    public static KeyPlan removing(List<String> ckns) {
        return new KeyPlan(List.of(), List.of(), ckns.stream().map(Remove::new).toList());
    }

    public boolean isEmpty() {
        return adds.isEmpty() && endChanges.isEmpty() && removes.isEmpty();
    }

    /**
     * A key to add. The plan does not own {@code cak}: whoever built the plan closes it.
     *
     * @param ckn   key name, lower-case hex, even length, at most 64 digits
     * @param cak   the CAK (16 or 32 bytes, matching the port's cipher)
     * @param start activation instant (UTC; the driver renders it in the device's zone). Drivers with
     *              {@link Activation#IMMEDIATE} activation ignore it.
     * @param end   optional end of lifetime (devices with {@link Capabilities#keyEndTimes()})
     */
    public record Add(String ckn, Secret cak, Instant start, Optional<Instant> end) {
        public Add {
            Objects.requireNonNull(ckn, "ckn");
            Objects.requireNonNull(cak, "cak");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
        }
    }

    /**
     * Move the end of an existing key's lifetime (IOS-XR overlap: the old key lives on past T), or put
     * back the end it had ({@code end} empty: infinite) when a transaction is undone.
     */
    public record EndChange(String ckn, Optional<Instant> end) {
        public EndChange {
            Objects.requireNonNull(ckn, "ckn");
            Objects.requireNonNull(end, "end");
        }

        public EndChange(String ckn, Instant end) {
            this(ckn, Optional.of(end));
        }
    }

    /** Remove a key the controller created. */
    public record Remove(String ckn) { }
}
