package org.qkdmacsec.controller.inventory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.qkdmacsec.controller.keys.DerivationMethod;
import org.qkdmacsec.spi.Secret;

/** A link's {@code key-derivation}: the method and, for hybrid methods, references to the extra secrets. */
public record KeyDerivationSpec(DerivationMethod method, List<SecretRef> secrets) {
    public static final KeyDerivationSpec DIRECT = new KeyDerivationSpec(DerivationMethod.DIRECT, List.of());

    public KeyDerivationSpec {
        Objects.requireNonNull(method, "method");
        secrets = List.copyOf(secrets);
    }

    /**
     * Reads the extra secrets now, in order: hex-decoded for every method but {@code qupskd} (whose PSK is
     * text). The caller closes every returned {@link Secret}. A failure closes what was read and names the
     * reference only.
     */
    public List<Secret> resolveSecrets() {
        List<Secret> out = new ArrayList<>();
        try {
            for (SecretRef ref : secrets) {
                out.add(method.hexSecrets() ? hexDecoded(ref) : ref.resolve());
            }
            return out;
        } catch (RuntimeException e) {
            out.forEach(Secret::close);
            throw e;
        }
    }

    private static Secret hexDecoded(SecretRef ref) {
        try (Secret raw = ref.resolve()) {
            char[] hex = raw.apply(KeyDerivationSpec::trimmedChars);
            try {
                if (hex.length == 0) {
                    throw new SecretUnavailableException(ref.reference() + ": empty");
                }
                return Secret.fromHex(hex);
            } catch (IllegalArgumentException e) {
                throw new SecretUnavailableException(ref.reference() + ": not hex (" + e.getMessage() + ")");
            } finally {
                Arrays.fill(hex, '\0');
            }
        }
    }

    /** The bytes as chars without surrounding ASCII whitespace, never through an (unwipeable) String. */
    private static char[] trimmedChars(byte[] bytes) {
        int from = 0;
        int to = bytes.length;
        while (from < to && Character.isWhitespace(bytes[from])) {
            from++;
        }
        while (to > from && Character.isWhitespace(bytes[to - 1])) {
            to--;
        }
        char[] out = new char[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = (char) (bytes[i] & 0xff);
        }
        return out;
    }
}
