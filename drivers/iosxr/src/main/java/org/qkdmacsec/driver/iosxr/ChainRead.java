package org.qkdmacsec.driver.iosxr;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A MACsec key chain as a transport read it, still in device terms (wall times in the chain's zone).
 * Never carries a key-string.
 *
 * @param exists whether the chain is configured at all
 * @param keys   its macsec keys in device order
 * @param zone   the chain's {@code timezone} setting, when the transport can see it
 */
record ChainRead(boolean exists, List<Key> keys, Optional<Zone> zone) {
    ChainRead {
        keys = List.copyOf(keys);
        Objects.requireNonNull(zone, "zone");
    }

    static ChainRead absent() {
        return new ChainRead(false, List.of(), Optional.empty());
    }

    /** The chain's {@code timezone} choice: lifetimes in GMT, or in the router's local zone. */
    enum Zone { GMT, LOCAL }

    /**
     * One key. Its lifetime is absent (always valid), or a start with an end-time, a duration in
     * seconds, or neither (infinite).
     */
    record Key(String ckn, Optional<XrTime> start, Optional<XrTime> end, OptionalLong durationSeconds) {
        Key {
            Objects.requireNonNull(ckn, "ckn");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            Objects.requireNonNull(durationSeconds, "durationSeconds");
        }
    }
}
