package org.qkdmacsec.driver.iosxr;

import static org.qkdmacsec.driver.iosxr.KeyChainJson.child;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * What the driver reads of an interface's committed configuration: its {@code macsec psk-keychain}
 * binding and its {@code description} ({@code Cisco-IOS-XR-um-interface-cfg}). Both may be absent.
 */
record InterfaceRead(Optional<PskBinding> binding, Optional<String> description) {
    InterfaceRead {
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(description, "description");
    }

    static InterfaceRead none() {
        return new InterfaceRead(Optional.empty(), Optional.empty());
    }

    /** From a Get value at {@code …/interface[interface-name=I]} (the entry, or anything holding it). */
    static InterfaceRead parse(JsonNode value) {
        return new InterfaceRead(BindingJson.parse(value), description(value));
    }

    private static Optional<String> description(JsonNode node) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isObject() && child(node, "interface-name") != null) {
            JsonNode d = child(node, "description");
            return d == null || !d.isTextual() || d.asText().isEmpty() ? Optional.empty() : Optional.of(d.asText());
        }
        if (node.isContainerNode()) {
            for (JsonNode c : node) {
                Optional<String> found = description(c);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
