package org.qkdmacsec.controller.journal;

import java.time.Instant;
import java.util.Optional;

/** An audit event: alarms, emergencies, operator-visible decisions. */
public record AuditEvent(long id, Instant at, Optional<String> linkId, Optional<String> txnId, String kind,
                         String message) { }
