package org.qkdmacsec.driver.junos;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.qkdmacsec.spi.KeyChainView;
import org.qkdmacsec.spi.KeySlot;
import org.qkdmacsec.spi.Port;
import org.w3c.dom.Element;

/**
 * The committed configuration that matters for one port: the key chain's keys, the connectivity
 * association (cipher, key chain or static key), which CA the interface is bound to and the
 * interface's description. Read with one filtered {@code <get-configuration>} of the committed (or,
 * to check a staged change, the candidate) database; secrets never reach this class (the
 * reply was redacted on arrival, and {@code $9$} values are not needed: keys are verified by CKN and
 * start-time).
 *
 * @param keys            keys in the chain named by the port, in the device's order
 * @param caPresent       the port's connectivity association exists
 * @param caCipher        its cipher-suite, if configured
 * @param caKeyChain      its pre-shared-key-chain, if configured
 * @param caSecurityMode  its security-mode, if configured
 * @param caStaticKey     it carries a static {@code pre-shared-key} instead of a key chain
 * @param interfaceCa     the CA bound to the port's interface under {@code security macsec interfaces}
 * @param description     {@code interfaces <name> description}, if set
 */
record PortConfig(List<Key> keys, boolean caPresent, Optional<String> caCipher, Optional<String> caKeyChain,
                  Optional<String> caSecurityMode, boolean caStaticKey, Optional<String> interfaceCa,
                  Optional<String> description) {
    PortConfig {
        keys = List.copyOf(keys);
    }

    /** One key of the chain: id 0–63, CKN (lower-case), start-time if set. */
    record Key(int id, String ckn, Optional<Instant> start) { }

    /** The filtered get-configuration request for {@code port} from {@code database} (committed or candidate). */
    static String request(Port port, String database) {
        return request(List.of(port), database);
    }

    /**
     * One filtered get-configuration for several ports: each parent element once, with every port's entries
     * under it — Juniper's XML protocol guide, "Request Multiple Configuration Elements Using the Junos XML
     * Protocol": one {@code <configuration>} element, and objects with the same parent may share one parent
     * tag element. {@link #parse} then picks each port's entries by name.
     */
    static String request(List<Port> ports, String database) {
        StringBuilder b = new StringBuilder("<get-configuration database=\"").append(database).append("\" format=\"xml\">")
                .append("<configuration><interfaces>");
        ports.forEach(p -> b.append("<interface><name>").append(SecureXml.escape(p.interfaceName())).append("</name></interface>"));
        b.append("</interfaces><security><authentication-key-chains>");
        ports.forEach(p -> b.append("<key-chain><name>").append(SecureXml.escape(p.keyChain())).append("</name></key-chain>"));
        b.append("</authentication-key-chains><macsec>");
        ports.forEach(p -> b.append("<connectivity-association><name>").append(SecureXml.escape(p.connectivityAssociation()))
                .append("</name></connectivity-association>"));
        ports.forEach(p -> b.append("<interfaces><name>").append(SecureXml.escape(p.interfaceName())).append("</name></interfaces>"));
        return b.append("</macsec></security></configuration></get-configuration>").toString();
    }

    /**
     * Parses the reply. Junos answers a filter with only the matching subtrees, but the names are
     * checked here anyway so a device that ignores the filter cannot make us read the wrong chain.
     *
     * @throws IllegalArgumentException a key with an id, CKN or start-time that does not parse
     */
    static PortConfig parse(Element reply, Port port, ZoneId deviceZone) {
        List<Key> keys = new ArrayList<>();
        named(reply, "key-chain", port.keyChain()).ifPresent(chain -> {
            for (Element k : SecureXml.children(chain, "key")) {
                String idText = SecureXml.childText(k, "name").orElse("");
                int id;
                try {
                    id = Integer.parseInt(idText);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("key chain " + port.keyChain() + " has a key with id '" + idText + "'");
                }
                String ckn = SecureXml.childText(k, "key-name").orElse("").toLowerCase(Locale.ROOT);
                Optional<Instant> start = SecureXml.childText(k, "start-time").map(t -> JunosTime.parse(t, deviceZone));
                keys.add(new Key(id, ckn, start));
            }
        });
        Optional<Element> ca = named(reply, "connectivity-association", port.connectivityAssociation());
        Optional<String> boundCa = SecureXml.descendants(reply, "interfaces").stream()
                .filter(i -> SecureXml.childText(i, "name").filter(port.interfaceName()::equals).isPresent())
                .findFirst()
                .flatMap(i -> SecureXml.childText(i, "connectivity-association"));
        Optional<String> description = named(reply, "interface", port.interfaceName())
                .flatMap(i -> SecureXml.child(i, "description")).map(d -> d.getTextContent()).filter(t -> !t.isEmpty());
        return new PortConfig(keys, ca.isPresent(),
                ca.flatMap(c -> SecureXml.childText(c, "cipher-suite")),
                ca.flatMap(c -> SecureXml.childText(c, "pre-shared-key-chain")),
                ca.flatMap(c -> SecureXml.childText(c, "security-mode")),
                ca.flatMap(c -> SecureXml.child(c, "pre-shared-key")).isPresent(),
                boundCa, description);
    }

    /** The SPI view: slots with ids as strings, no secrets, no active-key opinion (see readMka). */
    KeyChainView view(Port port) {
        List<KeySlot> slots = keys.stream()
                .map(k -> new KeySlot(Integer.toString(k.id()), k.ckn(), k.start(), Optional.empty()))
                .toList();
        Optional<String> bound = interfaceCa.filter(port.connectivityAssociation()::equals)
                .filter(x -> caKeyChain.filter(port.keyChain()::equals).isPresent());
        return new KeyChainView(port.keyChain(), bound, slots, Optional.empty(), Optional.empty(), Optional.empty(), description);
    }

    private static Optional<Element> named(Element root, String element, String name) {
        return SecureXml.descendants(root, element).stream()
                .filter(e -> SecureXml.childText(e, "name").filter(name::equals).isPresent())
                .findFirst();
    }
}
