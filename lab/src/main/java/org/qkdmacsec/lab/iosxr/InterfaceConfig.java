package org.qkdmacsec.lab.iosxr;

import java.util.Optional;

/** The configuration the simulator models under {@code interface X}: description and MACsec PSK binding. */
record InterfaceConfig(String name, Optional<String> description, Optional<PskBinding> psk) {
    InterfaceConfig {
        description = description == null ? Optional.empty() : description;
        psk = psk == null ? Optional.empty() : psk;
    }

    /** {@code macsec psk-keychain K [fallback-psk-keychain F] [policy P]}. */
    record PskBinding(String keychain, Optional<String> fallbackKeychain, Optional<String> policy) {
        PskBinding {
            if (keychain == null || keychain.isEmpty()) {
                throw new IllegalArgumentException("psk-keychain needs a key chain name");
            }
            fallbackKeychain = fallbackKeychain == null ? Optional.empty() : fallbackKeychain;
            policy = policy == null ? Optional.empty() : policy;
        }
    }

    static InterfaceConfig empty(String name) {
        return new InterfaceConfig(name, Optional.empty(), Optional.empty());
    }

    InterfaceConfig withDescription(String d) {
        return new InterfaceConfig(name, Optional.ofNullable(d), psk);
    }

    InterfaceConfig withPsk(PskBinding b) {
        return new InterfaceConfig(name, description, Optional.ofNullable(b));
    }

    boolean isEmpty() {
        return description.isEmpty() && psk.isEmpty();
    }
}
