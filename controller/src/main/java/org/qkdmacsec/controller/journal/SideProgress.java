package org.qkdmacsec.controller.journal;

/**
 * How far a transaction got on one end of its link, journalled before and after every device change.
 * The {@code *_SENT} states say a request left for the device and its answer was not seen: the change
 * may or may not have taken effect, so whoever decides next (compensation, recovery) reads the device
 * back before acting.
 */
public enum SideProgress {
    /** Nothing of this transaction was sent to the device. */
    NONE,
    /** A commit (confirmed, or plain for immediate-activation devices) was sent; its outcome is unknown. */
    COMMIT_SENT,
    /** The commit took effect; a confirmed commit still awaits its confirmation (it rolls back by itself). */
    COMMITTED,
    /** The confirmation was sent; its outcome is unknown. */
    CONFIRM_SENT,
    /** The new keys are permanently in the device's configuration. */
    CONFIRMED,
    /** Immediate activation: the device transmits with the new key. */
    ACTIVATED,
    /** Compensation removed our keys (and restored moved end-times) on this device. */
    UNDONE;

    /** The device may hold our keys. */
    public boolean mayHoldKeys() {
        return this != NONE && this != UNDONE;
    }

    /** The device's state is known without reading it back. */
    public boolean known() {
        return this != COMMIT_SENT && this != CONFIRM_SENT;
    }
}
