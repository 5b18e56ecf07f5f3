package org.qkdmacsec.harness.chaos;

/** A driver call the fault search can interfere with. */
enum DeviceOp { FACTS, CAPABILITIES, READ_KEYS, READ_MKA, STAGE, COMMIT, CONFIRM, DISCARD, ACTIVATE }
