package org.qkdmacsec.controller.link;

/**
 * The two ends of a link, as the inventory names them ({@code a}, {@code b}) and the engine keys them.
 * It lives in a package of its own so the engine and the inventory share it without either depending
 * on the other.
 */
public enum Side {
    A, B;

    public Side other() {
        return this == A ? B : A;
    }

    /** {@code a} or {@code b}: the inventory's key, the journal's column value, the progress lines' word. */
    public String label() {
        return this == A ? "a" : "b";
    }
}
