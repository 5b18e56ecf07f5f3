package org.qkdmacsec.controller.keys;

/** The inputs cannot make a CAK (too short, wrong number of extra secrets, …). Never carries key bytes. */
public final class KeyDerivationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KeyDerivationException(String message) {
        super(message);
    }
}
