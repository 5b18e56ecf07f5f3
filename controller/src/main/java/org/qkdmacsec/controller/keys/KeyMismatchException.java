package org.qkdmacsec.controller.keys;

/**
 * The two KMEs returned different keys for one key_ID. Nothing was derived; the message names the
 * key_ID only.
 */
public final class KeyMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String keyId;

    public KeyMismatchException(String keyId) {
        super("key_ID " + keyId + ": the ENC and DEC KMEs returned different keys; nothing was derived");
        this.keyId = keyId;
    }

    public String keyId() {
        return keyId;
    }
}
