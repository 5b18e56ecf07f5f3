package org.qkdmacsec.controller.journal;

import java.time.Instant;
import java.util.Optional;

/** What the controller last knew about a link (the devices remain the truth). */
public record LinkStateRecord(String linkId, Optional<String> activeCkn, Optional<String> activeKeyId,
                              Optional<Instant> activeSince, Optional<Instant> nextStart, int futureSlots,
                              Optional<String> lastTxnId, Optional<String> lastResult,
                              Optional<String> lastReason, Optional<Instant> lastSuccessAt, Instant updatedAt) { }
