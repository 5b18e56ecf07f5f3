package org.qkdmacsec.lab.iosxr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qkdmacsec.lab.iosxr.YangNode.Container;
import org.qkdmacsec.lab.iosxr.YangNode.Leaf;
import org.qkdmacsec.lab.iosxr.YangNode.ListNode;

/**
 * gNMI Get and Set on the configuration as an RFC 7951 JSON tree. The tree is kept canonical (member
 * names unqualified, values checked against {@link XrSchema}); values coming in may qualify names with
 * their module, values going out are qualified where the module changes. A Set works on a copy of the
 * committed tree, so a failing operation leaves nothing behind.
 */
final class ConfigTree {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Where a path ends: the object holding the addressed member, the member's schema, its list key (if any). */
    private record Target(ObjectNode holder, YangNode node, Map<String, String> keys) {
    }

    private ConfigTree() {
    }

    // ------------------------------------------------------------------ Get

    /** The value at {@code path}, qualified for output; empty when the addressed data does not exist. */
    static Optional<JsonNode> get(ObjectNode root, GnmiPath path) throws YangException {
        JsonNode cur = root;
        YangNode node = XrSchema.ROOT;
        List<GnmiPath.Step> steps = path.steps();
        for (int i = 0; i < steps.size(); i++) {
            GnmiPath.Step step = steps.get(i);
            YangNode child = child(node, step, path);
            boolean last = i == steps.size() - 1;
            JsonNode next = cur.get(child.name());
            if (child instanceof ListNode list) {
                if (step.keys().isEmpty()) {
                    if (!last) {
                        throw new YangException("list '" + list.name() + "' needs its key [" + list.key() + "=…] in " + path);
                    }
                    return Optional.of(qualify(next == null ? JSON.arrayNode() : next, list));
                }
                next = next == null ? null : entry((ArrayNode) next, list, key(list, step, path)).orElse(null);
                if (next == null) {
                    return Optional.empty();
                }
            } else if (child instanceof Container c) {
                if (next == null) {
                    if (c.presence()) {
                        return Optional.empty();
                    }
                    // A non-presence container exists whenever its parent does.
                    next = JSON.objectNode();
                }
            } else if (!last) {
                throw new YangException("'" + child.name() + "' is a leaf: nothing below it in " + path);
            } else if (next == null) {
                return Optional.empty();
            }
            cur = next;
            node = child;
        }
        return Optional.of(qualify(cur, node));
    }

    // ------------------------------------------------------------------ Set

    static void delete(ObjectNode root, GnmiPath path) throws YangException {
        Target t = walk(root, path, false);
        if (t == null) {
            return;
        }
        if (t.node() instanceof ListNode list && !t.keys().isEmpty()) {
            JsonNode arr = t.holder().get(list.name());
            if (arr instanceof ArrayNode a) {
                String k = t.keys().get(list.key());
                for (Iterator<JsonNode> it = a.elements(); it.hasNext(); ) {
                    if (k.equals(it.next().path(list.key()).asText())) {
                        it.remove();
                    }
                }
            }
        } else {
            t.holder().remove(t.node().name());
        }
    }

    static void replace(ObjectNode root, GnmiPath path, JsonNode value) throws YangException {
        Target t = walk(root, path, true);
        JsonNode v = normalizeTarget(t, value, path);
        if (t.node() instanceof ListNode list && !t.keys().isEmpty()) {
            ArrayNode arr = array(t.holder(), list);
            int idx = indexOf(arr, list, t.keys().get(list.key()));
            if (idx >= 0) {
                arr.set(idx, v);
            } else {
                arr.add(v);
            }
        } else {
            t.holder().set(t.node().name(), v);
        }
    }

    static void update(ObjectNode root, GnmiPath path, JsonNode value) throws YangException {
        Target t = walk(root, path, true);
        JsonNode v = normalizeTarget(t, value, path);
        if (t.node() instanceof ListNode list) {
            ArrayNode arr = array(t.holder(), list);
            for (JsonNode e : t.keys().isEmpty() ? (ArrayNode) v : JSON.arrayNode().add(v)) {
                int idx = indexOf(arr, list, e.get(list.key()).asText());
                if (idx >= 0) {
                    merge((ObjectNode) arr.get(idx), (ObjectNode) e, list.children());
                } else {
                    arr.add(e);
                }
            }
        } else if (t.node() instanceof Container c && t.holder().get(c.name()) instanceof ObjectNode existing) {
            merge(existing, (ObjectNode) v, c.children());
        } else {
            t.holder().set(t.node().name(), v);
        }
    }

    private static void merge(ObjectNode into, ObjectNode from, Map<String, YangNode> schema) {
        from.properties().forEach(f -> {
            YangNode child = schema.get(f.getKey());
            JsonNode existing = into.get(f.getKey());
            if (child instanceof Container c && existing instanceof ObjectNode eo) {
                merge(eo, (ObjectNode) f.getValue(), c.children());
            } else if (child instanceof ListNode l && existing instanceof ArrayNode ea) {
                for (JsonNode e : f.getValue()) {
                    int idx = indexOf(ea, l, e.get(l.key()).asText());
                    if (idx >= 0) {
                        merge((ObjectNode) ea.get(idx), (ObjectNode) e, l.children());
                    } else {
                        ea.add(e);
                    }
                }
            } else {
                into.set(f.getKey(), f.getValue());
            }
        });
    }

    /** Walks to the object holding the last step; creates what is missing when {@code create}, else null if missing. */
    private static Target walk(ObjectNode root, GnmiPath path, boolean create) throws YangException {
        ObjectNode cur = root;
        YangNode node = XrSchema.ROOT;
        List<GnmiPath.Step> steps = path.steps();
        for (int i = 0; i < steps.size(); i++) {
            GnmiPath.Step step = steps.get(i);
            YangNode child = child(node, step, path);
            if (i == steps.size() - 1) {
                if (child instanceof ListNode list && !step.keys().isEmpty()) {
                    return new Target(cur, child, Map.of(list.key(), key(list, step, path)));
                }
                return new Target(cur, child, Map.of());
            }
            if (child instanceof Leaf) {
                throw new YangException("'" + child.name() + "' is a leaf: nothing below it in " + path);
            }
            JsonNode next = cur.get(child.name());
            if (child instanceof ListNode list) {
                if (step.keys().isEmpty()) {
                    throw new YangException("list '" + list.name() + "' needs its key [" + list.key() + "=…] in " + path);
                }
                String k = key(list, step, path);
                Optional<JsonNode> e = next instanceof ArrayNode a ? entry(a, list, k) : Optional.empty();
                if (e.isEmpty()) {
                    if (!create) {
                        return null;
                    }
                    ObjectNode fresh = JSON.objectNode().put(list.key(), k);
                    array(cur, list).add(fresh);
                    e = Optional.of(fresh);
                }
                next = e.get();
            } else if (next == null) {
                if (!create) {
                    return null;
                }
                next = cur.putObject(child.name());
            }
            cur = (ObjectNode) next;
            node = child;
        }
        throw new IllegalStateException("empty path");
    }

    private static JsonNode normalizeTarget(Target t, JsonNode value, GnmiPath path) throws YangException {
        String where = path.toString();
        if (t.node() instanceof ListNode list) {
            if (t.keys().isEmpty()) {
                if (!value.isArray()) {
                    throw new YangException("invalid value for " + where + ": list '" + list.name() + "' takes a JSON array");
                }
                ArrayNode out = JSON.arrayNode();
                for (JsonNode e : value) {
                    out.add(entryValue(list, e, null, where));
                }
                return out;
            }
            return entryValue(list, value, t.keys().get(list.key()), where);
        }
        return normalize(t.node(), value, where);
    }

    private static ObjectNode entryValue(ListNode list, JsonNode value, String pathKey, String where) throws YangException {
        ObjectNode o = normalizeObject(list.module(), list.children(), value, where);
        JsonNode k = o.get(list.key());
        if (pathKey != null && k != null && !pathKey.equals(k.asText())) {
            throw new YangException("invalid value for " + where + ": " + list.key() + " '" + k.asText() + "' differs from the path key '" + pathKey + "'");
        }
        if (k == null) {
            if (pathKey == null) {
                throw new YangException("invalid value for " + where + ": a '" + list.name() + "' entry needs its key '" + list.key() + "'");
            }
            o.put(list.key(), pathKey);
        }
        return o;
    }

    private static JsonNode normalize(YangNode node, JsonNode value, String where) throws YangException {
        if (node instanceof Leaf leaf) {
            return leaf.type().check(value, where + "/" + leaf.name());
        }
        if (node instanceof ListNode list) {
            if (!value.isArray()) {
                throw new YangException("invalid value for " + where + ": list '" + list.name() + "' takes a JSON array");
            }
            ArrayNode out = JSON.arrayNode();
            for (JsonNode e : value) {
                out.add(entryValue(list, e, null, where + "/" + list.name()));
            }
            return out;
        }
        Container c = (Container) node;
        // RFC 7951 section 5 writes every container, presence or not, as a JSON object ("infinite": {});
        // [null] is the form of an empty-type leaf (section 6.9) and libyang refuses it for a container:
        // 'The container "infinite" is expected to be represented as JSON name/object'.
        if (!value.isObject()) {
            throw new YangException("invalid value for " + where + "/" + c.name() + ": the container \"" + c.name()
                    + "\" is expected to be represented as a JSON object" + (value.isArray() ? ", not an array" : ""));
        }
        return normalizeObject(c.module(), c.children(), value, where + "/" + c.name());
    }

    private static ObjectNode normalizeObject(String module, Map<String, YangNode> schema, JsonNode value, String where) throws YangException {
        if (!value.isObject()) {
            throw new YangException("invalid value for " + where + ": expected a JSON object");
        }
        ObjectNode out = JSON.objectNode();
        for (Map.Entry<String, JsonNode> f : value.properties()) {
            String name = f.getKey();
            String qualifier = null;
            int colon = name.indexOf(':');
            if (colon >= 0) {
                qualifier = name.substring(0, colon);
                name = name.substring(colon + 1);
            }
            YangNode child = schema.get(name);
            if (child == null || qualifier != null && !qualifier.equals(child.module())) {
                throw new YangException("unknown element '" + f.getKey() + "' in " + where);
            }
            out.set(name, normalize(child, f.getValue(), where));
        }
        return out;
    }

    /** Qualifies member names with their module where it differs from the enclosing node's (RFC 7951). */
    static JsonNode qualify(JsonNode value, YangNode node) {
        if (node instanceof ListNode list && value.isArray()) {
            ArrayNode out = JSON.arrayNode();
            value.forEach(e -> out.add(qualifyObject((ObjectNode) e, list.module(), list.children())));
            return out;
        }
        if (node instanceof ListNode list) {
            return qualifyObject((ObjectNode) value, list.module(), list.children());
        }
        if (node instanceof Container c) {
            return qualifyObject((ObjectNode) value, c.module(), c.children());
        }
        return value;
    }

    private static ObjectNode qualifyObject(ObjectNode value, String module, Map<String, YangNode> schema) {
        ObjectNode out = JSON.objectNode();
        value.properties().forEach(f -> {
            YangNode child = schema.get(f.getKey());
            String name = child.module().equals(module) ? f.getKey() : child.module() + ":" + f.getKey();
            out.set(name, child instanceof Leaf ? f.getValue() : qualify(f.getValue(), child));
        });
        return out;
    }

    private static YangNode child(YangNode parent, GnmiPath.Step step, GnmiPath path) throws YangException {
        Map<String, YangNode> children = parent instanceof Container c ? c.children() : ((ListNode) parent).children();
        YangNode child = children.get(step.name());
        String module = step.module() != null ? step.module() : parent == XrSchema.ROOT ? path.module() : null;
        if (child == null || module != null && !module.equals(child.module())) {
            throw new YangException("unknown path element '" + step + "' in " + path + ": not in the models this router implements");
        }
        if (!(child instanceof ListNode) && !step.keys().isEmpty()) {
            throw new YangException("'" + step.name() + "' is not a list and takes no key in " + path);
        }
        return child;
    }

    private static String key(ListNode list, GnmiPath.Step step, GnmiPath path) throws YangException {
        if (step.keys().size() != 1 || !step.keys().containsKey(list.key())) {
            throw new YangException("list '" + list.name() + "' is keyed by '" + list.key() + "', not " + step.keys().keySet() + " in " + path);
        }
        String k = step.keys().get(list.key());
        ((Leaf) list.children().get(list.key())).type().check(JSON.textNode(k), path + " key " + list.key());
        return k;
    }

    private static Optional<JsonNode> entry(ArrayNode arr, ListNode list, String key) {
        int i = indexOf(arr, list, key);
        return i < 0 ? Optional.empty() : Optional.of(arr.get(i));
    }

    private static int indexOf(ArrayNode arr, ListNode list, String key) {
        for (int i = 0; i < arr.size(); i++) {
            if (key.equals(arr.get(i).path(list.key()).asText())) {
                return i;
            }
        }
        return -1;
    }

    private static ArrayNode array(ObjectNode holder, ListNode list) {
        JsonNode a = holder.get(list.name());
        return a instanceof ArrayNode arr ? arr : holder.putArray(list.name());
    }
}
