package org.qkdmacsec.controller.keys;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.qkdmacsec.spi.Secret;

/**
 * What hybrid methods mix in besides the QKD key. The caller owns these secrets and closes them.
 *
 * @param secrets     the link's extra secrets, in inventory order (PQC KEM output, pre-shared keys, …)
 * @param previousCak the CAK this one replaces: the HKDF salt and the quPSKd ratchet state
 */
public record HybridInputs(List<Secret> secrets, Optional<Secret> previousCak) {
    public static final HybridInputs NONE = new HybridInputs(List.of(), Optional.empty());

    public HybridInputs {
        secrets = List.copyOf(secrets);
        Objects.requireNonNull(previousCak, "previousCak");
    }
}
