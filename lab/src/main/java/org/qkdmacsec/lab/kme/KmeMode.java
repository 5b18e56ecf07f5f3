package org.qkdmacsec.lab.kme;

/** How a simulated KME speaks to its SAEs. */
public enum KmeMode {
    /** ETSI GS QKD 014 over HTTPS; the caller's SAE ID is its client certificate's CN. */
    MTLS,
    /**
     * ETSI GS QKD 014 over plain HTTP, no client certificate. The caller is inferred: the one SAE
     * attached to this KME other than the SAE named in the path (see docs/lab/kme.md).
     */
    INSECURE,
    /**
     * The simple simulator published with quPSKd: plain HTTP, GET only, no {@code /status} (404), one key
     * per {@code enc_keys} call whatever {@code number} says, key = SHA3-256(key_ID), nothing stored.
     */
    QUPSKD
}
