package org.qkdmacsec.controller.inventory;

/** Which HTTP form of {@code enc_keys}/{@code dec_keys} a KME is spoken to with. */
public enum KmeMethod {
    /** POST with a JSON body: any number of keys/key_IDs per call (the default). */
    POST,
    /** GET with query parameters: {@code dec_keys} takes one key_ID per call (for GET-only KMEs). */
    GET
}
