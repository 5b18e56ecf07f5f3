package org.qkdmacsec.harness.playbook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** How a playbook lets time pass: simulated against the embedded lab, real against real devices. */
public interface Timeline {
    Clock clock();

    default Instant now() {
        return clock().instant();
    }

    /** Lets {@code d} pass (simulated: runs everything that falls due on the way). */
    void sleep(Duration d);

    /** Waits for {@code f} at most {@code limit}; empty when it completed, else why not. */
    Optional<String> await(CompletableFuture<?> f, Duration limit);
}
