package org.qkdmacsec.controller.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.qkdmacsec.config.Fields;
import org.qkdmacsec.config.Problems;
import org.qkdmacsec.controller.keys.DerivationMethod;
import org.qkdmacsec.spi.CipherSuite;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads a link's {@code key-derivation:}: the method and its extra secrets, counted per method (docs/keys.md). */
final class KeyDerivationReader {
    static final List<String> FIELDS = List.of("method", "secrets");

    private KeyDerivationReader() {
    }

    static Optional<KeyDerivationSpec> read(Fields d, CipherSuite suite, boolean cipherKnown) {
        Problems problems = d.problems();
        Optional<DerivationMethod> method = d.required("method", "direct, xor, hmac, xorhmac, qupskd or hkdf-sha3-256")
                .flatMap(m -> {
                    Optional<DerivationMethod> dm = DerivationMethod.fromId(m);
                    if (dm.isEmpty()) {
                        d.error("method", "unknown key-derivation method '" + m + "'",
                                "use direct, xor, hmac, xorhmac, qupskd or hkdf-sha3-256");
                    }
                    return dm;
                });
        List<SecretRef> secrets = new ArrayList<>();
        boolean secretsOk = true;
        Optional<List<Node>> seq = d.sequence("secrets");
        if (seq.isPresent()) {
            List<Node> nodes = seq.get();
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                Optional<SecretRef> ref = n instanceof ScalarNode sn ? SecretRef.parse(sn.getValue()) : Optional.empty();
                if (ref.isPresent()) {
                    secrets.add(ref.get());
                } else {
                    problems.add(n.getStartMark(), d.field("secrets") + "[" + i + "]", "inline secrets are not allowed",
                            "use env:NAME or file:PATH");
                    secretsOk = false;
                }
            }
        }
        if (method.isEmpty() || !secretsOk) {
            return Optional.empty();
        }
        DerivationMethod m = method.get();
        int n = secrets.size();
        if (n < m.minSecrets() || n > m.maxSecrets()) {
            String want = m.minSecrets() == m.maxSecrets() ? "exactly " + m.minSecrets()
                    : m.maxSecrets() == Integer.MAX_VALUE ? "at least " + m.minSecrets() : "at most " + m.maxSecrets();
            problems.add(d.mark(d.has("secrets") ? "secrets" : "method"), d.field("secrets"),
                    m.id() + " takes " + want + " extra secret(s), got " + n,
                    m == DerivationMethod.QUPSKD ? "the one secret is the configured quPSKd PSK" : "list env:NAME or file:PATH references");
            return Optional.empty();
        }
        if (m.needs256BitCak() && suite.cakBytes() != 32 && cipherKnown) {
            d.error("method", m.id() + " needs a 256-bit cipher, the link uses " + suite.wireName(),
                    "use gcm-aes-256 or gcm-aes-xpn-256");
            return Optional.empty();
        }
        return Optional.of(new KeyDerivationSpec(m, secrets));
    }
}
