package org.qkdmacsec.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * One end of a MACsec link on a device, as the controller wants it keyed.
 *
 * @param interfaceName   device interface ({@code ge-0/0/1}, {@code HundredGigE0/0/0/0}, {@code eth1})
 * @param connectivityAssociation name of the CA / policy bound to the interface
 * @param keyChain        name of the key chain holding the CAK slots
 * @param cipher          the link's cipher suite
 * @param options         the vendor's settings of this port from the inventory ({@link PortOptions#NONE}: none)
 * @param peer            what the other end's driver published in its {@link KeyChainView#forPeer()}, when
 *                        it has been read (the Linux driver needs the peer's SCI for its receive channel)
 */
public record Port(String interfaceName, String connectivityAssociation, String keyChain,
                   CipherSuite cipher, PortOptions options, Optional<PeerFacts> peer) {
    public Port {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(connectivityAssociation, "connectivityAssociation");
        Objects.requireNonNull(keyChain, "keyChain");
        Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(peer, "peer");
    }

    public Port(String interfaceName, String connectivityAssociation, String keyChain, CipherSuite cipher, PortOptions options) {
        this(interfaceName, connectivityAssociation, keyChain, cipher, options, Optional.empty());
    }

    public Port(String interfaceName, String connectivityAssociation, String keyChain, CipherSuite cipher) {
        this(interfaceName, connectivityAssociation, keyChain, cipher, PortOptions.NONE);
    }

    /** A copy carrying what the other end's driver published (or none). */
    public Port withPeer(Optional<PeerFacts> facts) {
        return new Port(interfaceName, connectivityAssociation, keyChain, cipher, options, facts);
    }

    /** A copy carrying what the other end's driver published. */
    public Port withPeer(PeerFacts facts) {
        return withPeer(Optional.of(facts));
    }
}
