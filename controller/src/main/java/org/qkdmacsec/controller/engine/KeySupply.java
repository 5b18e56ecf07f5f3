package org.qkdmacsec.controller.engine;

import org.qkdmacsec.controller.keys.DerivedKey;
import java.util.List;

/**
 * Fresh keys for a link: the ENC side's KME {@code enc_keys}, the other side's KME {@code dec_keys}
 * by key_ID, a constant-time comparison of both copies, and the CAK/CKN derivation. Implemented over
 * the ETSI GS QKD 014 client; the engine sees only this.
 */
public interface KeySupply {
    /**
     * Preflight: both KMEs answer and can serve {@code count} keys now, as far as their status says.
     * KMEs without a usable status endpoint pass (nothing can be checked without consuming keys).
     *
     * @return warnings for the operator (a status that is not one, a count the KME means differently)
     * @throws KeySupplyException with a named reason when they cannot
     */
    List<String> check(LinkSpec link, int count);

    /**
     * Fetches {@code count} keys, the same on both sides, derived for the link's cipher. The caller
     * closes the returned keys.
     *
     * @throws KeySupplyException with a named reason; no key is returned half-checked
     */
    List<DerivedKey> fetch(LinkSpec link, int count);
}
