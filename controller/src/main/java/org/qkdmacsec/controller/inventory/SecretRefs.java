package org.qkdmacsec.controller.inventory;

import java.util.Optional;
import org.qkdmacsec.config.Fields;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads a secret reference from a configuration file (the inventory's and the daemon's), never echoing a value. */
public final class SecretRefs {
    private SecretRefs() {
    }

    /**
     * An {@code env:NAME} or {@code file:PATH} reference. Anything else is taken for an inline secret and
     * refused without repeating the value.
     */
    public static Optional<SecretRef> read(Fields f, String key) {
        Optional<Node> n = f.node(key);
        if (n.isPresent() && !(n.get() instanceof ScalarNode)) {
            f.error(key, "expected a reference, not a " + (n.get() instanceof SequenceNode ? "list" : "mapping"),
                    "use env:NAME or file:PATH");
            return Optional.empty();
        }
        return f.text(key).flatMap(v -> {
            Optional<SecretRef> ref = SecretRef.parse(v);
            if (ref.isEmpty()) {
                if (v.startsWith("env:")) {
                    f.error(key, "invalid environment variable name after env:", "letters, digits and _, not starting with a digit");
                } else {
                    f.error(key, "inline secrets are not allowed", "use env:NAME or file:PATH");
                }
            }
            return ref;
        });
    }
}
