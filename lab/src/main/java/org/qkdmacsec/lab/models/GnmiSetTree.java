package org.qkdmacsec.lab.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.qkdmacsec.gnmi.Path;
import org.qkdmacsec.gnmi.PathElem;
import org.qkdmacsec.gnmi.SetRequest;
import org.qkdmacsec.gnmi.Update;

/**
 * A gNMI SetRequest as the RFC 7951 data tree it writes, for {@link VendorModels}: every replace and
 * update value placed at its path (list keys from the path filled in), merged into one tree; every
 * delete path as the list entry it names, keys only (so the path's keys are checked against the model
 * too). Member names stay as the request spells them, module-qualified where the module changes.
 */
public final class GnmiSetTree {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GnmiSetTree() {
    }

    public static ObjectNode of(SetRequest set) {
        ObjectNode root = NODES.objectNode();
        for (Path p : set.getDeleteList()) {
            merge(root, wrap(set.getPrefix(), p, null));
        }
        for (Update u : set.getReplaceList()) {
            merge(root, wrap(set.getPrefix(), u.getPath(), value(u)));
        }
        for (Update u : set.getUpdateList()) {
            merge(root, wrap(set.getPrefix(), u.getPath(), value(u)));
        }
        return root;
    }

    /** The same, as the JSON text {@code validate} reads. */
    public static String json(SetRequest set) {
        return of(set).toPrettyString();
    }

    private static JsonNode value(Update u) {
        try {
            return JSON.readTree(u.getVal().getJsonIetfVal().toByteArray());
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON at " + u.getPath() + ": " + e.getMessage(), e);
        }
    }

    /** {@code value} (null for a delete) nested under the path's elements, list entries as one-element arrays. */
    private static ObjectNode wrap(Path prefix, Path path, JsonNode value) {
        List<PathElem> elems = new java.util.ArrayList<>(prefix.getElemList());
        elems.addAll(path.getElemList());
        JsonNode inner = value;
        for (int i = elems.size() - 1; i >= 0; i--) {
            PathElem e = elems.get(i);
            ObjectNode holder = NODES.objectNode();
            if (!e.getKeyMap().isEmpty()) {
                ObjectNode entry = inner instanceof ObjectNode o && i == elems.size() - 1 ? o.deepCopy() : NODES.objectNode();
                for (Map.Entry<String, String> k : e.getKeyMap().entrySet()) {
                    entry.put(k.getKey(), k.getValue());
                }
                if (i != elems.size() - 1 && inner instanceof ObjectNode o) {
                    entry.setAll(o);
                }
                holder.putArray(e.getName()).add(entry);
            } else if (inner == null) {
                holder.putObject(e.getName());
            } else {
                holder.set(e.getName(), inner);
            }
            inner = holder;
        }
        return (ObjectNode) inner;
    }

    /** Deep merge; arrays of list entries merge entry by entry when their scalar members (the keys) agree. */
    private static void merge(ObjectNode into, ObjectNode from) {
        from.properties().forEach(f -> {
            JsonNode have = into.get(f.getKey());
            if (have instanceof ObjectNode ho && f.getValue() instanceof ObjectNode fo) {
                merge(ho, fo);
            } else if (have instanceof ArrayNode ha && f.getValue() instanceof ArrayNode fa) {
                for (JsonNode e : fa) {
                    ObjectNode match = null;
                    for (JsonNode h : ha) {
                        if (sameKeys(h, e)) {
                            match = (ObjectNode) h;
                        }
                    }
                    if (match != null) {
                        merge(match, (ObjectNode) e);
                    } else {
                        ha.add(e);
                    }
                }
            } else {
                into.set(f.getKey(), f.getValue());
            }
        });
    }

    private static boolean sameKeys(JsonNode a, JsonNode b) {
        if (!a.isObject() || !b.isObject()) {
            return false;
        }
        boolean any = false;
        for (var f : b.properties()) {
            if (f.getValue().isValueNode() && a.has(f.getKey()) && a.get(f.getKey()).isValueNode()) {
                if (!a.get(f.getKey()).equals(f.getValue())) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }
}
