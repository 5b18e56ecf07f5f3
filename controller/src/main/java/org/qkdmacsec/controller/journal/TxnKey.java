package org.qkdmacsec.controller.journal;

import java.time.Instant;
import java.util.Optional;

/** One key a transaction adds: its KME key_ID and CKN (never the key), and its lifetime. */
public record TxnKey(int seq, String keyId, String ckn, Instant start, Optional<Instant> end) { }
