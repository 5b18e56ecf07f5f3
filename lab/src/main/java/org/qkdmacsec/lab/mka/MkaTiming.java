package org.qkdmacsec.lab.mka;

import java.time.Duration;
import java.util.Objects;

/**
 * MKA timers that decide secured time. {@code helloTime}: a CA that became common is secured one hello
 * later (a live peer seen, SAK distributed). {@code lifeTime}: after a side stops using a secured CA,
 * the CA stays live this long (the MKA life time) before the peer drops it.
 */
public record MkaTiming(Duration helloTime, Duration lifeTime) {
    /** IEEE 802.1X-2010 defaults: hello 2 s, life 6 s. */
    public static final MkaTiming DEFAULT = new MkaTiming(Duration.ofSeconds(2), Duration.ofSeconds(6));

    public MkaTiming {
        Objects.requireNonNull(helloTime, "helloTime");
        Objects.requireNonNull(lifeTime, "lifeTime");
        if (helloTime.isNegative() || lifeTime.isNegative() || lifeTime.compareTo(helloTime) < 0) {
            throw new IllegalArgumentException("need 0 <= hello <= life, got hello " + helloTime + " life " + lifeTime);
        }
    }
}
