package org.qkdmacsec.driver.iosxr;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One validated change to a key chain, in device terms: keys to add (with their type-7 key-strings),
 * lifetimes to rewrite, keys to delete, the interface binding to the chain when it is missing, and the
 * interface description when the plan sets one that differs from the committed text. It owns the
 * key-strings: {@link #wipe()} when done.
 */
record ChainChange(String chain, List<NewKey> adds, List<Lifetime> lifetimes, List<String> removes,
                   Optional<Bind> bind, Optional<Description> description) {
    ChainChange {
        Objects.requireNonNull(chain, "chain");
        adds = List.copyOf(adds);
        lifetimes = List.copyOf(lifetimes);
        removes = List.copyOf(removes);
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(description, "description");
    }

    static ChainChange empty(String chain) {
        return new ChainChange(chain, List.of(), List.of(), List.of(), Optional.empty(), Optional.empty());
    }

    boolean isEmpty() {
        return adds.isEmpty() && lifetimes.isEmpty() && removes.isEmpty() && bind.isEmpty() && description.isEmpty();
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

    /** {@code interface <interfaceName> / description <text>}. */
    record Description(String interfaceName, String text) {
        Description {
            Objects.requireNonNull(interfaceName, "interfaceName");
            Objects.requireNonNull(text, "text");
        }
    }

    /** {@code interface <interfaceName> / macsec psk-keychain <chain> [policy <policy>]}. */
    record Bind(String interfaceName, Optional<String> policy) {
        Bind {
            Objects.requireNonNull(interfaceName, "interfaceName");
            Objects.requireNonNull(policy, "policy");
        }
    }
}
