package org.qkdmacsec.lab.iosxr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The slice of a YANG schema the simulator needs to read and write RFC 7951 JSON: containers (presence
 * or not), lists with one key leaf, and typed leaves. Each node knows its module, because JSON_IETF
 * qualifies a member by module name where the module changes (an augment).
 */
sealed interface YangNode permits YangNode.Container, YangNode.ListNode, YangNode.Leaf {
    String name();

    String module();

    /** A container; its children by (unqualified) name. */
    record Container(String name, String module, boolean presence, Map<String, YangNode> children) implements YangNode {
        public Container {
            children = Map.copyOf(children);
        }
    }

    /** A list keyed by one leaf, which is also one of its children. */
    record ListNode(String name, String module, String key, Map<String, YangNode> children) implements YangNode {
        public ListNode {
            children = Map.copyOf(children);
        }
    }

    record Leaf(String name, String module, LeafType type) implements YangNode {
    }

    /** Leaf types: each checks a JSON value and returns it in canonical form. */
    sealed interface LeafType permits Str, Uint32, Enumeration {
        JsonNode check(JsonNode v, String where) throws YangException;
    }

    /** A string with a length range and, optionally, the model's pattern (as a Java regex, whole value). */
    record Str(int minLength, int maxLength, Pattern pattern) implements LeafType {
        Str(int minLength, int maxLength) {
            this(minLength, maxLength, null);
        }

        @Override
        public JsonNode check(JsonNode v, String where) throws YangException {
            if (!v.isTextual()) {
                throw new YangException("invalid value for " + where + ": expected a string");
            }
            int n = v.asText().codePointCount(0, v.asText().length());
            if (n < minLength || n > maxLength) {
                throw new YangException("invalid value for " + where + ": length " + n + " is out of range " + minLength + ".." + maxLength);
            }
            if (pattern != null && !pattern.matcher(v.asText()).matches()) {
                throw new YangException("invalid value for " + where + ": '" + v.asText() + "' does not match the model's pattern");
            }
            return v;
        }
    }

    /**
     * uint32 is a JSON number in RFC 7951 (section 6.1: only 64-bit integers are strings); a string is
     * refused, as libyang refuses it.
     */
    record Uint32(long min, long max) implements LeafType {
        @Override
        public JsonNode check(JsonNode v, String where) throws YangException {
            long n;
            if (v.isIntegralNumber()) {
                n = v.asLong();
            } else {
                throw new YangException("invalid value for " + where + ": expected an unsigned integer (a JSON number)");
            }
            if (n < min || n > max) {
                throw new YangException("invalid value for " + where + ": " + n + " is out of range " + min + ".." + max);
            }
            return JsonNodeFactory.instance.numberNode(n);
        }
    }

    record Enumeration(List<String> values) implements LeafType {
        public Enumeration {
            values = List.copyOf(values);
        }

        @Override
        public JsonNode check(JsonNode v, String where) throws YangException {
            if (!v.isTextual() || !values.contains(v.asText())) {
                throw new YangException("invalid value for " + where + ": expected one of " + String.join(", ", values));
            }
            return v;
        }
    }

    static Map<String, YangNode> children(YangNode... nodes) {
        Map<String, YangNode> m = new LinkedHashMap<>();
        for (YangNode n : nodes) {
            m.put(n.name(), n);
        }
        return m;
    }
}
