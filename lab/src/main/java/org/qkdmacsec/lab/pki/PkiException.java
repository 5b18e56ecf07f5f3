package org.qkdmacsec.lab.pki;

/** The test PKI could not create, sign or write something; the message names what and where. */
public final class PkiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PkiException(String message, Throwable cause) {
        super(message, cause);
    }

    PkiException(String message) {
        super(message);
    }
}
