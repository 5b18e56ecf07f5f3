package org.qkdmacsec.harness.playbook;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.qkdmacsec.config.Durations;

/** Real time, for real devices: the engine runs on its own threads, waiting blocks this one. */
final class RealTimeline implements Timeline {
    private final Clock clock;

    RealTimeline(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }

    @Override
    public Optional<String> await(CompletableFuture<?> f, Duration limit) {
        try {
            f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.of("did not finish within " + Durations.format(limit));
        } catch (ExecutionException e) {
            return Optional.empty(); // completed; the caller reads the outcome
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
