package org.qkdmacsec.spi;

import java.util.Map;
import java.util.Objects;

/**
 * One end of a MACsec link on a device, as the controller wants it keyed.
 *
 * @param interfaceName   device interface ({@code ge-0/0/1}, {@code HundredGigE0/0/0/0}, {@code eth1})
 * @param connectivityAssociation name of the CA / policy bound to the interface
 * @param keyChain        name of the key chain holding the CAK slots
 * @param cipher          the link's cipher suite
 * @param attributes      driver-specific settings from the inventory, plus {@code peer.*} entries the
 *                        engine copies from the other end's {@link KeyChainView#attributes()} (for
 *                        example the Linux driver needs the peer's MAC address for its RX channel)
 */
public record Port(String interfaceName, String connectivityAssociation, String keyChain,
                   CipherSuite cipher, Map<String, String> attributes) {
    public Port {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(connectivityAssociation, "connectivityAssociation");
        Objects.requireNonNull(keyChain, "keyChain");
        Objects.requireNonNull(cipher, "cipher");
        attributes = Map.copyOf(attributes);
    }

    public Port(String interfaceName, String connectivityAssociation, String keyChain, CipherSuite cipher) {
        this(interfaceName, connectivityAssociation, keyChain, cipher, Map.of());
    }

    /** A copy with {@code peer.<key>} attributes added from the other end's view. */
    public Port withPeer(Map<String, String> peerAttributes) {
        var merged = new java.util.TreeMap<>(attributes);
        peerAttributes.forEach((k, v) -> merged.put("peer." + k, v));
        return new Port(interfaceName, connectivityAssociation, keyChain, cipher, merged);
    }
}
