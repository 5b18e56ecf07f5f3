package org.qkdmacsec.driver.iosxr;

import static org.qkdmacsec.driver.iosxr.KeyChainJson.child;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * RFC 7951 (JSON_IETF) for the interface binding {@code …/interface[interface-name=I]/Cisco-IOS-XR-um-macsec-cfg:macsec/psk-keychain}
 * with {@code keychain-name}, {@code fallback-psk-keychain}, {@code policy}.
 */
final class BindingJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BindingJson() {
    }

    /** The value of a replace at the binding path: {@code {"keychain-name":"C"}} plus {@code "policy"} if given. */
    static byte[] value(String keychain, Optional<String> policy, boolean pretty) {
        var node = JSON.createObjectNode().put("keychain-name", keychain);
        policy.ifPresent(p -> node.put("policy", p));
        try {
            String text = pretty ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node)
                    : JSON.writeValueAsString(node);
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON string value (RFC 7951 string leaf), e.g. the interface description. */
    static byte[] string(String text) {
        try {
            return JSON.writeValueAsBytes(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The binding anywhere in a Get value (the {@code psk-keychain} container itself, or an ancestor holding
     * it); empty when no object there has a {@code keychain-name}.
     */
    static Optional<PskBinding> parse(JsonNode value) {
        JsonNode psk = find(value);
        if (psk == null) {
            return Optional.empty();
        }
        return Optional.of(new PskBinding(child(psk, "keychain-name").asText(), text(child(psk, "fallback-psk-keychain")),
                text(child(psk, "policy"))));
    }

    private static JsonNode find(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isObject() && child(node, "keychain-name") != null) {
            return node;
        }
        if (node.isContainerNode()) {
            for (JsonNode c : node) {
                JsonNode found = find(c);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static Optional<String> text(JsonNode n) {
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n.asText());
    }
}
