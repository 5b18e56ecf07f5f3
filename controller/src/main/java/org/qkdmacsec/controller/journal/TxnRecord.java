package org.qkdmacsec.controller.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A transaction row with its keys. */
public record TxnRecord(String id, String linkId, TxnState state, String owner, Instant createdAt,
                        Instant updatedAt, Optional<Instant> startTime, Optional<Duration> lead,
                        Optional<Duration> confirmWindow, Optional<String> previousCkn,
                        Optional<String> reason, Optional<String> error, List<TxnKey> keys) {
    public TxnRecord {
        keys = List.copyOf(keys);
    }
}
