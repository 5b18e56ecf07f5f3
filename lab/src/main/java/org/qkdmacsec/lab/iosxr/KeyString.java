package org.qkdmacsec.lab.iosxr;

/**
 * A MACsec key-string as the router stores it: type-7 encoded, with its algorithm. The encoded text
 * still reveals the CAK to anyone who decodes it, so {@link #toString()} hides it.
 */
record KeyString(String type7, CmacAlgorithm algorithm) {
    KeyString {
        if (type7 == null || type7.isEmpty() || algorithm == null) {
            throw new IllegalArgumentException("key-string needs a password and a cryptographic-algorithm");
        }
    }

    @Override
    public String toString() {
        return "KeyString[type7=<redacted>, algorithm=" + algorithm.yangName() + "]";
    }
}
