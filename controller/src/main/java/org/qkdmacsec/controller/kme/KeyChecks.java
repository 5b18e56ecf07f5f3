package org.qkdmacsec.controller.kme;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Checks one Key container against what was asked: count, size, uniqueness and (dec_keys) the exact
 * key_IDs. Longer keys than asked are cut to the size asked (a KME that ignores {@code size}, such as quPSKd's
 * simulator with its fixed 256-bit keys, or one that reads it as bytes) and reported; shorter keys are refused.
 */
final class KeyChecks {
    private final String kmeId;
    private final Consumer<KmeClient.KmeWarning> warnings;

    KeyChecks(String kmeId, Consumer<KmeClient.KmeWarning> warnings) {
        this.kmeId = kmeId;
        this.warnings = warnings;
    }

    /** Parses {@code body} (then wipes it) and checks the keys; on failure every key is closed. */
    List<QkdKey> checked(String op, byte[] body, int expected, int sizeBits, List<String> asked, boolean consumes) {
        List<QkdKey> keys;
        try {
            keys = KeyContainerParser.parse(body);
        } catch (KeyContainerParser.Malformed e) {
            throw malformed(op, consumes, e.getMessage());
        } finally {
            Arrays.fill(body, (byte) 0);
        }
        try {
            if (keys.size() != expected) {
                throw malformed(op, consumes, "asked for " + expected + " key(s), got " + keys.size());
            }
            List<QkdKey> sized = new ArrayList<>(keys.size());
            for (QkdKey k : keys) {
                sized.add(sized(op, k, sizeBits, consumes));
            }
            keys = sized;
            unique(op, keys, consumes);
            if (asked != null) {
                Set<String> got = new HashSet<>(ids(keys));
                if (!got.equals(new HashSet<>(asked))) {
                    List<String> unexpected = ids(keys).stream().filter(id -> !asked.contains(id)).toList();
                    throw malformed(op, consumes, "returned key_IDs " + unexpected + " instead of the ones asked for " + asked);
                }
            }
            return keys;
        } catch (RuntimeException e) {
            QkdKey.closeAll(keys);
            throw e;
        }
    }

    /** The key as asked: itself, or the first {@code sizeBits} of a longer key (the rest wiped). */
    private QkdKey sized(String op, QkdKey k, int sizeBits, boolean consumes) {
        int bits = k.key().length() * 8;
        if (bits == sizeBits) {
            return k;
        }
        if (bits < sizeBits) {
            throw malformed(op, consumes, "key_ID " + k.keyId() + " is " + bits + " bits, shorter than the " + sizeBits
                    + " asked for (refused: the link's key-size is what its cipher needs; configure the KME to deliver "
                    + sizeBits + "-bit keys, or lower the link's key-size if its cipher allows)");
        }
        String why = bits == sizeBits * 8 ? " (it seems to read size in bytes)" : bits == 256 ? " (its keys seem fixed at 256 bits)" : "";
        warnings.accept(new KmeClient.KmeWarning(kmeId, "key-size " + sizeBits, "KME " + kmeId + " returns " + bits
                + "-bit keys when asked for " + sizeBits + why + "; the first " + sizeBits + " bits of each key are used,"
                + " the same at both ends"));
        QkdKey cut = new QkdKey(k.keyId(), k.key().slice(0, sizeBits / 8));
        k.close();
        return cut;
    }

    void unique(String op, List<QkdKey> keys, boolean consumes) {
        Set<String> seen = new HashSet<>();
        for (QkdKey k : keys) {
            if (!seen.add(k.keyId())) {
                throw malformed(op, consumes, "key_ID " + k.keyId() + " appears twice");
            }
        }
    }

    private KmeException malformed(String op, boolean consumes, String detail) {
        return new KmeException(KmeException.Kind.MALFORMED, kmeId, op, OptionalInt.of(200), null, consumes, detail, null);
    }

    static List<String> ids(List<QkdKey> keys) {
        return keys.stream().map(QkdKey::keyId).toList();
    }

    static List<QkdKey> inOrder(List<QkdKey> keys, List<String> order) {
        Map<String, QkdKey> byId = new LinkedHashMap<>();
        keys.forEach(k -> byId.put(k.keyId(), k));
        return order.stream().map(byId::get).toList();
    }
}
