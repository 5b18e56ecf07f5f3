package org.qkdmacsec.controller.journal;

/** The journal could not be opened, read or written. */
public class JournalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
