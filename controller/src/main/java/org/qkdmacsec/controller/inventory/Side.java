package org.qkdmacsec.controller.inventory;

/** The two ends of a link as the inventory names them. */
public enum Side {
    A, B;

    public Side other() {
        return this == A ? B : A;
    }

    public String id() {
        return this == A ? "a" : "b";
    }
}
