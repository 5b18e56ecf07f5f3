package org.qkdmacsec.lab.junos;

/** SSH host key algorithm of a simulated device. */
public enum HostKeyType {
    /** ssh-ed25519 (the default). */
    ED25519("ssh-ed25519", 256),
    /** ecdsa-sha2-nistp256. */
    ECDSA_P256("ecdsa-sha2-nistp256", 256);

    final String sshName;
    final int bits;

    HostKeyType(String sshName, int bits) {
        this.sshName = sshName;
        this.bits = bits;
    }
}
