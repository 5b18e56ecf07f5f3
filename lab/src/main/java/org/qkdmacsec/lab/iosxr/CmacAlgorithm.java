package org.qkdmacsec.lab.iosxr;

import java.util.Arrays;
import java.util.Optional;

/** The MACsec key-string cryptographic algorithms and the CAK length (hex digits) each needs. */
enum CmacAlgorithm {
    AES_128_CMAC("aes-128-cmac", 32),
    AES_256_CMAC("aes-256-cmac", 64);

    private final String yangName;
    private final int cakHexDigits;

    CmacAlgorithm(String yangName, int cakHexDigits) {
        this.yangName = yangName;
        this.cakHexDigits = cakHexDigits;
    }

    /** The YANG enum / CLI keyword, e.g. {@code aes-256-cmac}. */
    String yangName() {
        return yangName;
    }

    int cakHexDigits() {
        return cakHexDigits;
    }

    /** As {@code show key chain} prints it, e.g. {@code AES_256_CMAC}. */
    String showName() {
        return name();
    }

    static Optional<CmacAlgorithm> fromYang(String name) {
        return Arrays.stream(values()).filter(a -> a.yangName.equals(name)).findFirst();
    }
}
