package org.qkdmacsec.lab.kme;

/** The three ETSI GS QKD 014 calls, used to aim faults at one of them. */
public enum KmeEndpoint {
    STATUS("status"),
    ENC_KEYS("enc_keys"),
    DEC_KEYS("dec_keys");

    private final String pathSegment;

    KmeEndpoint(String pathSegment) {
        this.pathSegment = pathSegment;
    }

    /** The last path segment: {@code /api/v1/keys/{SAE_ID}/<segment>}. */
    public String pathSegment() {
        return pathSegment;
    }

    static KmeEndpoint fromPathSegment(String segment) {
        for (KmeEndpoint e : values()) {
            if (e.pathSegment.equals(segment)) {
                return e;
            }
        }
        return null;
    }
}
