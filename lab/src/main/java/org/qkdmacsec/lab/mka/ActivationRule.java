package org.qkdmacsec.lab.mka;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How a device picks its active key from its configured keys at a given instant of its own clock.
 * Ties (two keys with the same start) go to the key listed last, which for the simulators is the
 * highest key id.
 */
public enum ActivationRule {
    /** Junos key chain: the key with the latest start-time not after the device's local now; ends are ignored. */
    JUNOS {
        @Override
        public Optional<MkaKey> activeAt(List<MkaKey> keys, Instant deviceNow) {
            return latestStarting(keys.stream().filter(k -> !k.start().isAfter(deviceNow)));
        }

        @Override
        Stream<Instant> changePoints(MkaKey key) {
            return Stream.of(key.start());
        }
    },
    /** IOS-XR key chain: the latest-starting key whose lifetime [start, end) contains now. */
    IOS_XR {
        @Override
        public Optional<MkaKey> activeAt(List<MkaKey> keys, Instant deviceNow) {
            return latestStarting(keys.stream().filter(k -> k.validAt(deviceNow)));
        }

        @Override
        Stream<Instant> changePoints(MkaKey key) {
            return Stream.concat(Stream.of(key.start()), key.end().stream());
        }
    };

    /** The key this rule makes active at {@code deviceNow} (an instant of the device's own clock). */
    public abstract Optional<MkaKey> activeAt(List<MkaKey> keys, Instant deviceNow);

    /** Device-clock instants at which this key can change the rule's choice. */
    abstract Stream<Instant> changePoints(MkaKey key);

    private static Optional<MkaKey> latestStarting(Stream<MkaKey> candidates) {
        return candidates.reduce((best, k) -> k.start().isBefore(best.start()) ? best : k);
    }
}
