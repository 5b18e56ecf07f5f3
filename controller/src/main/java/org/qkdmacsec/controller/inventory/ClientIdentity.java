package org.qkdmacsec.controller.inventory;

import java.nio.file.Path;
import java.util.Optional;

/** The client certificate a KME connection presents (mutual TLS): PEM files or one PKCS#12 file. */
public sealed interface ClientIdentity {
    /**
     * {@code client-cert} (leaf first, optionally followed by its chain) and {@code client-key} (PKCS#8, or
     * PKCS#1/SEC1; encrypted when {@code client-key-password} is given).
     */
    record Pem(Path certificate, Path privateKey, Optional<SecretRef> keyPassword) implements ClientIdentity { }

    /** {@code pkcs12} with {@code pkcs12-password}. */
    record Pkcs12(Path file, Optional<SecretRef> password) implements ClientIdentity { }
}
