package org.qkdmacsec.driver.iosxr;

import java.util.Objects;
import java.util.Optional;

/**
 * An interface's {@code macsec psk-keychain <chain> [fallback-psk-keychain <F>] [policy <P>]}: on IOS-XR
 * an interface runs MKA only with this binding, so keys staged in an unbound chain are never used.
 */
record PskBinding(String keychain, Optional<String> fallback, Optional<String> policy) {
    PskBinding {
        Objects.requireNonNull(keychain, "keychain");
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(policy, "policy");
    }
}
