package org.qkdmacsec.controller.kme;

import java.util.Objects;

/**
 * The ETSI GS QKD 014 Status object: what a KME can deliver to one pair of SAEs.
 *
 * @param keySize          default key size in bits
 * @param storedKeyCount   keys ready for this pair now
 * @param maxKeyPerRequest most keys one {@code enc_keys} call may ask for
 */
public record KmeStatus(String sourceKmeId, String targetKmeId, String masterSaeId, String slaveSaeId,
                        int keySize, int storedKeyCount, int maxKeyCount, int maxKeyPerRequest,
                        int maxKeySize, int minKeySize, int maxSaeIdCount) {
    public KmeStatus {
        Objects.requireNonNull(sourceKmeId, "sourceKmeId");
        Objects.requireNonNull(targetKmeId, "targetKmeId");
        Objects.requireNonNull(masterSaeId, "masterSaeId");
        Objects.requireNonNull(slaveSaeId, "slaveSaeId");
    }
}
