package org.qkdmacsec.spi;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** MACsec cipher suites. The CAK is an AES-CMAC key of the same strength as the data cipher. */
public enum CipherSuite {
    GCM_AES_128("gcm-aes-128", 16, false),
    GCM_AES_256("gcm-aes-256", 32, false),
    GCM_AES_XPN_128("gcm-aes-xpn-128", 16, true),
    GCM_AES_XPN_256("gcm-aes-xpn-256", 32, true);

    private final String wireName;
    private final int keyBytes;
    private final boolean extendedPacketNumbers;

    CipherSuite(String wireName, int keyBytes, boolean extendedPacketNumbers) {
        this.wireName = wireName;
        this.keyBytes = keyBytes;
        this.extendedPacketNumbers = extendedPacketNumbers;
    }

    /** The lower-case name Junos and iproute2 use: {@code gcm-aes-xpn-256}. */
    public String wireName() {
        return wireName;
    }

    /** CAK length in bytes: 16 for AES-128-CMAC suites, 32 for AES-256-CMAC suites. */
    public int cakBytes() {
        return keyBytes;
    }

    /** SAK length in bytes (same as the data cipher's key). */
    public int sakBytes() {
        return keyBytes;
    }

    /** XPN suites carry 64-bit packet numbers, a salt and an SSCI per SA. */
    public boolean extendedPacketNumbers() {
        return extendedPacketNumbers;
    }

    public static Optional<CipherSuite> fromWireName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.wireName.equals(n)).findFirst();
    }
}
