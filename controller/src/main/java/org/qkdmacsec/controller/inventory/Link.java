package org.qkdmacsec.controller.inventory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.qkdmacsec.controller.keys.KeyDerivation;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.Port;

/**
 * A MACsec link between two devices, keyed from the KMEs of its two sides.
 *
 * @param encSide      the side whose SAE calls {@code enc_keys} (master); the other calls {@code dec_keys}
 * @param keySizeBits  size of the QKD keys requested from the KME (at least the cipher's CAK length)
 * @param connectivityAssociation name of the CA (Junos) / policy, same on both devices
 * @param keyChain     name of the key chain holding the CAK slots, same on both devices
 * @param keyringSlots future keys kept staged on the devices (at least 2)
 * @param lead         minimum time between staging a key and its activation
 * @param overlap      how long the previous key stays valid after the next one activates
 * @param tags         free labels playbooks select links by
 * @param description  template of the text naming the key in service, kept in both interfaces'
 *                     descriptions (seed 002); empty: {@code description: off}
 */
public record Link(String id, LinkSide a, LinkSide b, Side encSide, CipherSuite cipher, int keySizeBits,
                   String connectivityAssociation, String keyChain, Schedule schedule, int keyringSlots,
                   Duration lead, Duration overlap, List<String> tags, KeyDerivationSpec keyDerivation,
                   Optional<String> description) {
    /** What the interface description says of the key in service, unless the inventory says otherwise. */
    public static final String DEFAULT_DESCRIPTION = "key_ID {key_id} ckn {ckn8}";
    public static final CipherSuite DEFAULT_CIPHER = CipherSuite.GCM_AES_XPN_256;
    public static final int DEFAULT_KEY_SIZE_BITS = 256;
    public static final int DEFAULT_KEYRING_SLOTS = 2;
    public static final Duration DEFAULT_LEAD = Duration.ofSeconds(60);
    public static final Duration DEFAULT_OVERLAP = Duration.ofSeconds(60);

    public Link {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(encSide, "encSide");
        Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(connectivityAssociation, "connectivityAssociation");
        Objects.requireNonNull(keyChain, "keyChain");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(lead, "lead");
        Objects.requireNonNull(overlap, "overlap");
        Objects.requireNonNull(keyDerivation, "keyDerivation");
        Objects.requireNonNull(description, "description");
        tags = List.copyOf(tags);
    }

    public Link(String id, LinkSide a, LinkSide b, Side encSide, CipherSuite cipher, int keySizeBits,
                String connectivityAssociation, String keyChain, Schedule schedule, int keyringSlots,
                Duration lead, Duration overlap, List<String> tags, KeyDerivationSpec keyDerivation) {
        this(id, a, b, encSide, cipher, keySizeBits, connectivityAssociation, keyChain, schedule, keyringSlots, lead, overlap, tags,
                keyDerivation, Optional.of(DEFAULT_DESCRIPTION));
    }

    /** Default CA name for a link id: valid on Junos and IOS-XR (letters, digits, {@code _ -}, ≤ 32). */
    public static String defaultConnectivityAssociation(String linkId) {
        return "QKD_CA_" + linkId;
    }

    /** Default key-chain name for a link id. */
    public static String defaultKeyChain(String linkId) {
        return "QKD_KC_" + linkId;
    }

    public LinkSide side(Side side) {
        return side == Side.A ? a : b;
    }

    /** The master side: its SAE calls {@code enc_keys} with the other side's SAE as slave. */
    public LinkSide enc() {
        return side(encSide);
    }

    /** The slave side: its SAE calls {@code dec_keys} with the master's SAE ID. */
    public LinkSide dec() {
        return side(encSide.other());
    }

    /** The SPI port for one side: its interface and options, this link's CA, key chain and cipher. */
    public Port port(Side side) {
        return new Port(side(side).interfaceName(), connectivityAssociation, keyChain, cipher, side(side).options());
    }

    /** The derivation this link's CAKs are made with (method and cipher; extra secrets come from {@link #keyDerivation()}). */
    public KeyDerivation derivation() {
        return new KeyDerivation(keyDerivation.method(), cipher);
    }

    /** Whether {@code device:interface} is one of this link's ends. */
    public boolean uses(String device, String interfaceName) {
        return a.device().equals(device) && a.interfaceName().equals(interfaceName)
                || b.device().equals(device) && b.interfaceName().equals(interfaceName);
    }
}
