package org.qkdmacsec.driver.iosxr;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One validated change to a key chain, in device terms: keys to add (with their type-7 key-strings),
 * lifetimes to rewrite, keys to delete, and the interface binding to the chain when it is missing. It
 * owns the key-strings: {@link #wipe()} when done.
 */
record ChainChange(String chain, List<NewKey> adds, List<Lifetime> lifetimes, List<String> removes,
                   Optional<Bind> bind) {
    ChainChange {
        Objects.requireNonNull(chain, "chain");
        adds = List.copyOf(adds);
        lifetimes = List.copyOf(lifetimes);
        removes = List.copyOf(removes);
        Objects.requireNonNull(bind, "bind");
    }

    static ChainChange empty(String chain) {
        return new ChainChange(chain, List.of(), List.of(), List.of(), Optional.empty());
    }

    boolean isEmpty() {
        return adds.isEmpty() && lifetimes.isEmpty() && removes.isEmpty() && bind.isEmpty();
    }

    void wipe() {
        adds.forEach(a -> Arrays.fill(a.keyString(), '\0'));
    }

    /**
     * @param keyString type-7 encoded CAK (secret)
     * @param algorithm {@code aes-128-cmac} or {@code aes-256-cmac}
     * @param end       end of lifetime; absent renders {@code infinite}
     */
    record NewKey(String ckn, char[] keyString, String algorithm, XrTime start, Optional<XrTime> end) {
        @Override
        public String toString() {
            return "NewKey[ckn=" + ckn + ", keyString=" + Redactor.MASK + ", start=" + start + ", end=" + end + "]";
        }
    }

    /** The whole lifetime of an existing key, rewritten (start kept, new end). */
    /** A new lifetime for an existing key; {@code end} empty: infinite. */
    record Lifetime(String ckn, XrTime start, Optional<XrTime> end) { }

    /** {@code interface <interfaceName> / macsec psk-keychain <chain> [policy <policy>]}. */
    record Bind(String interfaceName, Optional<String> policy) {
        Bind {
            Objects.requireNonNull(interfaceName, "interfaceName");
            Objects.requireNonNull(policy, "policy");
        }
    }
}
