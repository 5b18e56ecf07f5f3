package org.qkdmacsec.spi;

import java.util.Set;

/**
 * What a driver (and the device behind it) can do.
 *
 * @param activation       scheduled start-times or immediate activation
 * @param commitConfirmed  {@link MacsecDriver#commit} with a non-zero window rolls back by itself
 *                         unless {@link MacsecDriver#confirm} follows in time
 * @param keyEndTimes      keys carry an end of lifetime the engine must extend for the overlap
 *                         (IOS-XR); when false the newest started key simply supersedes the old one
 * @param maxKeySlots      how many keys the key chain may hold at once
 * @param cipherSuites     cipher suites the device supports
 * @param descriptions     a {@link KeyPlan#description()} is written in the same change as the keys
 *                         and read back in {@link KeyChainView#description()}
 * @param portsPerCommit   how many ports one {@link MacsecDriver#stage(java.util.List)} (one commit) may cover
 */
public record Capabilities(Activation activation, boolean commitConfirmed, boolean keyEndTimes,
                           int maxKeySlots, Set<CipherSuite> cipherSuites, boolean descriptions, int portsPerCommit) {
    public Capabilities {
        cipherSuites = Set.copyOf(cipherSuites);
        if (portsPerCommit < 1) {
            throw new IllegalArgumentException("portsPerCommit < 1");
        }
    }

    /** A device that takes one port per commit. */
    public Capabilities(Activation activation, boolean commitConfirmed, boolean keyEndTimes, int maxKeySlots,
                        Set<CipherSuite> cipherSuites, boolean descriptions) {
        this(activation, commitConfirmed, keyEndTimes, maxKeySlots, cipherSuites, descriptions, 1);
    }
}
