package org.qkdmacsec.lab.mka;

/** The two ends of a point-to-point MACsec link. */
public enum Side {
    A, B;

    /** The other end of the link. */
    public Side peer() {
        return this == A ? B : A;
    }
}
