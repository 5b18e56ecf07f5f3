package org.qkdmacsec.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Changes to stage on one port: keys to add, end-times to move (overlap on devices with key
 * lifetimes), keys to remove, and the interface description to write in the same change. Removals
 * always name keys the controller created itself; a driver never removes anything a plan does not
 * name, and never rolls back a whole configuration.
 *
 * @param description the interface description to set in the same change, the full text as it should
 *                    read; empty leaves the description alone. Drivers write it in the same commit or
 *                    transaction as the keys (Junos: the interface's {@code description}; IOS-XR: the
 *                    interface's {@code description}; Linux: the MACsec device's alias) and refuse, before
 *                    anything is sent, a text the device's model does not allow.
 */
public record KeyPlan(List<Add> adds, List<EndChange> endChanges, List<Remove> removes, Optional<String> description) {
    public KeyPlan {
        adds = List.copyOf(adds);
        endChanges = List.copyOf(endChanges);
        removes = List.copyOf(removes);
        Objects.requireNonNull(description, "description");
    }

    /** A plan that leaves the interface description alone. */
    public KeyPlan(List<Add> adds, List<EndChange> endChanges, List<Remove> removes) {
        this(adds, endChanges, removes, Optional.empty());
    }

    public static KeyPlan removing(List<String> ckns) {
        return new KeyPlan(List.of(), List.of(), ckns.stream().map(Remove::new).toList());
    }

    /** The same plan, also setting the interface description to {@code text} in the same change. */
    public KeyPlan withDescription(String text) {
        return new KeyPlan(adds, endChanges, removes, Optional.of(text));
    }

    /** Nothing to change: no keys and no description. */
    public boolean isEmpty() {
        return adds.isEmpty() && endChanges.isEmpty() && removes.isEmpty() && description.isEmpty();
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
