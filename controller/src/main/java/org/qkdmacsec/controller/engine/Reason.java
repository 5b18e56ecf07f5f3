package org.qkdmacsec.controller.engine;

/**
 * Why a transaction was refused, aborted or failed. Stable names: they appear in the journal, the
 * CLI, metrics and alarms, and operators search for them (docs/operations.md lists each).
 */
public enum Reason {
    // Preflight gates
    DEVICE_UNREACHABLE, CLOCK_SKEW, NTP_UNSYNCHRONISED, ACTIVE_KEY_DIFFERS, FUTURE_KEYS_DIFFER, MKA_NOT_SECURED,
    LINK_BUSY, ACTIVATION_MISMATCH, CAPABILITY_MISSING, KME_UNAVAILABLE, KME_EXHAUSTED, JOURNAL_UNAVAILABLE,
    // Key fetch
    ENC_KME_FAILED, DEC_KME_FAILED, KME_UNAUTHORIZED, KEYS_DIFFER, KME_INVALID_RESPONSE,
    // Staging and commit
    STAGE_FAILED, COMMIT_FAILED, CONFIRM_FAILED, READBACK_MISMATCH, DEADLINE_MISSED, SESSION_LOST,
    // After activation
    ACTIVATE_FAILED, VERIFY_TIMEOUT,
    // Recovery and compensation
    COMPENSATION_FAILED, IN_DOUBT, RECOVERED, FENCED, LINK_NOT_IN_INVENTORY, INTERNAL_ERROR
}
