package org.qkdmacsec.controller.daemon;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.qkdmacsec.controller.engine.EngineEvents.StepEvent;

/**
 * Tells a submitter when the engine has journalled the transaction it asked for (its PLANNED step),
 * and under which id. A job returns at that point: from then on the journal row is the link's claim,
 * visible to every instance, and the rest of the transaction runs on the engine's timers.
 */
final class BeginWatch implements Consumer<StepEvent> {
    private final Map<String, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();

    /** Call before submitting for {@code linkId}; completes with the transaction id. */
    CompletableFuture<String> expect(String linkId) {
        return waiting.computeIfAbsent(linkId, k -> new CompletableFuture<>());
    }

    /** Stop waiting for {@code linkId} (the submission ended without beginning, or the wait timed out). */
    void forget(String linkId, CompletableFuture<String> f) {
        waiting.remove(linkId, f);
    }

    @Override
    public void accept(StepEvent e) {
        if ("PLANNED".equals(e.step())) {
            CompletableFuture<String> f = waiting.remove(e.linkId());
            if (f != null) {
                f.complete(e.txnId());
            }
        }
    }
}
