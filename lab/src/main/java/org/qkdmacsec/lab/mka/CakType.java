package org.qkdmacsec.lab.mka;

/** The role of a CA in a side's session list, as Junos names it. */
public enum CakType {
    /** The CA of the side's active key. */
    PRIMARY,
    /** A CA the side moved away from, still live within the MKA life time while the primary comes up. */
    PRECEDING
}
