package org.qkdmacsec.controller.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** One step of a transaction, as journalled (also the audit trail of what was done to devices). */
public record StepRecord(int seq, String step, Optional<String> side, Instant at, Optional<Duration> duration,
                         String outcome, Optional<String> detail) { }
