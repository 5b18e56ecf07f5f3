package org.qkdmacsec.driver.junos;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.DriverException.Kind;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.Port;

/**
 * The configuration change for one validated {@link KeyPlan} against the committed {@link PortConfig}:
 * new keys get the lowest free ids 0–63, removals become {@code delete="delete"} on the ids that carry
 * the named CKNs (and nothing else), when keys are added the CA, its key-chain binding and the
 * interface binding are created if missing, and the plan's interface description (if any, and if it
 * differs from the committed one) goes into the same {@code <load-configuration>}. A binding that
 * points elsewhere is refused rather than changed: it is someone else's configuration.
 */
final class KeyChainChange {
    static final int MAX_KEY_ID = 63;
    private static final CipherSuite JUNOS_DEFAULT_CIPHER = CipherSuite.GCM_AES_128;

    private final Port port;
    private final List<NewKey> adds;
    private final List<PortConfig.Key> deletes;
    private final List<String> absent;
    private final boolean createCa;
    private final boolean bindChain;
    private final boolean setSecurityMode;
    private final boolean bindInterface;
    private final Optional<String> description;

    /** A key to add, with its id and start-time as the device will read it. */
    record NewKey(int id, KeyPlan.Add add, String startTime) { }

    private KeyChainChange(Port port, List<NewKey> adds, List<PortConfig.Key> deletes, List<String> absent,
                           boolean createCa, boolean bindChain, boolean setSecurityMode, boolean bindInterface,
                           Optional<String> description) {
        this.port = port;
        this.adds = List.copyOf(adds);
        this.deletes = List.copyOf(deletes);
        this.absent = List.copyOf(absent);
        this.createCa = createCa;
        this.bindChain = bindChain;
        this.setSecurityMode = setSecurityMode;
        this.bindInterface = bindInterface;
        this.description = description;
    }

    /**
     * Works out the change. The plan must have passed {@link PlanValidator}.
     *
     * @throws DriverException INVALID_REQUEST: key chain full, CKN already present, a binding that
     *                         points elsewhere, a cipher mismatch, a CA not in {@code static-cak} mode,
     *                         a start-time the device zone makes ambiguous
     */
    static KeyChainChange of(String device, Port port, KeyPlan plan, PortConfig current, ZoneId zone) {
        TreeSet<Integer> free = new TreeSet<>();
        for (int i = 0; i <= MAX_KEY_ID; i++) {
            free.add(i);
        }
        current.keys().forEach(k -> free.remove(k.id()));

        List<NewKey> adds = new ArrayList<>();
        for (KeyPlan.Add a : plan.adds()) {
            String ckn = a.ckn().toLowerCase(Locale.ROOT);
            Optional<PortConfig.Key> dup = current.keys().stream().filter(k -> k.ckn().equals(ckn)).findFirst();
            if (dup.isPresent()) {
                throw invalid(device, "key chain " + port.keyChain() + " already holds CKN " + ckn + " as key " + dup.get().id());
            }
            if (free.isEmpty()) {
                throw invalid(device, "key chain " + port.keyChain() + " has no free key id (0–" + MAX_KEY_ID + " all used); "
                        + "retire old keys first");
            }
            String start;
            try {
                start = JunosTime.render(a.start(), zone);
            } catch (IllegalArgumentException e) {
                throw invalid(device, "key " + ckn + ": " + e.getMessage());
            }
            adds.add(new NewKey(free.pollFirst(), a, start));
        }

        List<PortConfig.Key> deletes = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (KeyPlan.Remove r : plan.removes()) {
            String ckn = r.ckn().toLowerCase(Locale.ROOT);
            current.keys().stream().filter(k -> k.ckn().equals(ckn)).findFirst()
                    .ifPresentOrElse(deletes::add, () -> absent.add(ckn));
        }

        boolean createCa = false;
        boolean bindChain = false;
        boolean securityMode = false;
        boolean bindInterface = false;
        if (!adds.isEmpty()) {
            String ca = port.connectivityAssociation();
            if (current.interfaceCa().isPresent() && !current.interfaceCa().get().equals(ca)) {
                throw invalid(device, "interface " + port.interfaceName() + " is bound to connectivity-association "
                        + current.interfaceCa().get() + ", not " + ca + "; refusing to rebind it");
            }
            bindInterface = current.interfaceCa().isEmpty();
            if (!current.caPresent()) {
                createCa = true;
            } else {
                if (current.caStaticKey()) {
                    throw invalid(device, "connectivity-association " + ca + " uses a static pre-shared-key; "
                            + "move it to a key chain by hand first");
                }
                if (current.caKeyChain().isPresent() && !current.caKeyChain().get().equals(port.keyChain())) {
                    throw invalid(device, "connectivity-association " + ca + " uses key chain " + current.caKeyChain().get()
                            + ", not " + port.keyChain() + "; refusing to rebind it");
                }
                String cipher = current.caCipher().orElse(JUNOS_DEFAULT_CIPHER.wireName());
                if (!cipher.equalsIgnoreCase(port.cipher().wireName())) {
                    throw invalid(device, "connectivity-association " + ca + " runs " + cipher
                            + (current.caCipher().isEmpty() ? " (the Junos default)" : "") + " but the inventory says "
                            + port.cipher().wireName());
                }
                // junos-conf-security (24.4R1), connectivity-association pre-shared-key-chain:
                // junos:must ".. security-mode static-cak", "key-chain configuration is allowed only in
                // static-cak mode" (the default mode is dynamic, which takes keys from 802.1X).
                if (current.caSecurityMode().filter(m -> !m.equals("static-cak")).isPresent()) {
                    throw invalid(device, "connectivity-association " + ca + " is in security-mode "
                            + current.caSecurityMode().get() + "; a pre-shared-key-chain is allowed only in static-cak mode"
                            + " (Junos model: \"key-chain configuration is allowed only in static-cak mode\"); change the mode"
                            + " by hand first");
                }
                bindChain = current.caKeyChain().isEmpty();
                securityMode = current.caSecurityMode().isEmpty();
            }
        }
        Optional<String> description = plan.description().filter(d -> !current.description().equals(Optional.of(d)));
        return new KeyChainChange(port, adds, deletes, absent, createCa, bindChain, securityMode, bindInterface, description);
    }

    boolean isEmpty() {
        return adds.isEmpty() && deletes.isEmpty() && description.isEmpty();
    }

    Port port() {
        return port;
    }

    List<NewKey> adds() {
        return adds;
    }

    /** CKNs the plan asked to remove that the chain does not hold (already gone: nothing to do). */
    List<String> absent() {
        return absent;
    }

    /** For logs: what changes, by key id, CKN and start-time. Never the CAK. */
    String summary() {
        List<String> parts = new ArrayList<>();
        adds.forEach(k -> parts.add("add key " + k.id() + " ckn " + k.add().ckn().toLowerCase(Locale.ROOT) + " start " + k.startTime()));
        deletes.forEach(k -> parts.add("delete key " + k.id() + " ckn " + k.ckn()));
        if (createCa) {
            parts.add("create connectivity-association " + port.connectivityAssociation());
        }
        if (bindChain) {
            parts.add("bind key chain " + port.keyChain() + " to " + port.connectivityAssociation());
        }
        if (bindInterface) {
            parts.add("bind " + port.interfaceName() + " to " + port.connectivityAssociation());
        }
        description.ifPresent(d -> parts.add("description of " + port.interfaceName() + " '" + d + "'"));
        return String.join(", ", parts);
    }

    /**
     * Writes the {@code <load-configuration>} request for this change alone into {@code out}; the same
     * document {@link #render(List, WipeableBuffer)} writes for a list of one.
     */
    void render(WipeableBuffer out) {
        render(List.of(this), out);
    }

    /**
     * Writes one {@code <load-configuration>} that carries every change in {@code changes} (several ports of
     * one device, one candidate): each statement type once, with an entry per port under it — the interface
     * descriptions under {@code <interfaces>}, every key chain under one {@code <authentication-key-chains>},
     * every CA and then every interface binding under one {@code <macsec>}. Juniper's XML protocol guide
     * ("Request Configuration Changes Using the Junos XML Protocol") has the client enclose the configuration
     * data in one {@code <load-configuration>} with one {@code <configuration>}; the list entries are the
     * model's own (junos-conf-security, 24.4R1: {@code list key-chain}, {@code list connectivity-association},
     * {@code list interfaces}). The CAKs go from each {@link org.qkdmacsec.spi.Secret} into the buffer as hex
     * characters with no {@code String} in between; the temporary character arrays are wiped.
     */
    static void render(List<KeyChainChange> changes, WipeableBuffer out) {
        out.append("<load-configuration action=\"merge\" format=\"xml\"><configuration>");
        List<KeyChainChange> described = changes.stream().filter(c -> c.description.isPresent()).toList();
        if (!described.isEmpty()) {
            out.append("<interfaces>");
            for (KeyChainChange c : described) {
                out.append("<interface><name>").append(SecureXml.escape(c.port.interfaceName())).append("</name><description>")
                        .append(SecureXml.escape(c.description.get())).append("</description></interface>");
            }
            out.append("</interfaces>");
        }
        List<KeyChainChange> keyed = changes.stream().filter(c -> !c.adds.isEmpty() || !c.deletes.isEmpty()).toList();
        if (!keyed.isEmpty()) {
            out.append("<security><authentication-key-chains>");
            keyed.forEach(c -> c.renderChain(out));
            out.append("</authentication-key-chains>");
            List<KeyChainChange> macsec = keyed.stream().filter(KeyChainChange::touchesMacsec).toList();
            if (!macsec.isEmpty()) {
                out.append("<macsec>");
                macsec.forEach(c -> c.renderCa(out));
                macsec.forEach(c -> c.renderInterfaceBinding(out));
                out.append("</macsec>");
            }
            out.append("</security>");
        }
        out.append("</configuration></load-configuration>");
    }

    private boolean touchesMacsec() {
        return createCa || bindChain || setSecurityMode || bindInterface;
    }

    private void renderChain(WipeableBuffer out) {
        out.append("<key-chain><name>").append(SecureXml.escape(port.keyChain())).append("</name>");
        for (PortConfig.Key d : deletes) {
            out.append("<key delete=\"delete\"><name>" + d.id() + "</name></key>");
        }
        for (NewKey k : adds) {
            out.append("<key><name>" + k.id() + "</name><secret>");
            char[] hex = k.add().cak().hexChars();
            try {
                out.appendAscii(hex);
            } finally {
                Arrays.fill(hex, '\0');
            }
            out.append("</secret><key-name>" + k.add().ckn().toLowerCase(Locale.ROOT) + "</key-name><start-time>"
                    + k.startTime() + "</start-time></key>");
        }
        out.append("</key-chain>");
    }

    private void renderCa(WipeableBuffer out) {
        if (!(createCa || bindChain || setSecurityMode)) {
            return;
        }
        out.append("<connectivity-association><name>").append(SecureXml.escape(port.connectivityAssociation())).append("</name>");
        if (createCa) {
            out.append("<cipher-suite>" + port.cipher().wireName() + "</cipher-suite>");
        }
        // With the chain binding always: the model's must on pre-shared-key-chain (".. security-mode
        // static-cak") then holds in the payload itself, whatever the committed CA says (a CA in
        // another mode was refused above).
        out.append("<security-mode>static-cak</security-mode>");
        if (createCa || bindChain) {
            out.append("<pre-shared-key-chain>").append(SecureXml.escape(port.keyChain())).append("</pre-shared-key-chain>");
        }
        out.append("</connectivity-association>");
    }

    private void renderInterfaceBinding(WipeableBuffer out) {
        if (bindInterface) {
            out.append("<interfaces><name>").append(SecureXml.escape(port.interfaceName())).append("</name><connectivity-association>")
                    .append(SecureXml.escape(port.connectivityAssociation())).append("</connectivity-association></interfaces>");
        }
    }

    private static DriverException invalid(String device, String message) {
        return new DriverException(Kind.INVALID_REQUEST, device, message);
    }
}
