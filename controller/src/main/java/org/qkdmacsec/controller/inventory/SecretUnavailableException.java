package org.qkdmacsec.controller.inventory;

/** A referenced secret could not be read. The message names the reference, never a value. */
public final class SecretUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SecretUnavailableException(String message) {
        super(message);
    }
}
