package org.qkdmacsec.lab.junos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A node of a Junos configuration tree: a container, a list entry (a container whose {@code <name>}
 * child is its key) or a leaf (no children, optional value; a value-less leaf is a flag). Mutable;
 * the device copies trees whenever one database is derived from another.
 */
final class ConfigNode {
    private final String name;
    private String value;
    private final List<ConfigNode> children = new ArrayList<>();

    ConfigNode(String name) {
        this(name, null);
    }

    ConfigNode(String name, String value) {
        this.name = Objects.requireNonNull(name);
        this.value = value;
    }

    String name() {
        return name;
    }

    String value() {
        return value;
    }

    void setValue(String value) {
        this.value = value;
    }

    List<ConfigNode> children() {
        return Collections.unmodifiableList(children);
    }

    boolean isLeaf() {
        return children.isEmpty();
    }

    /** The list key (text of the {@code name} child) of a list entry, else null. */
    String key() {
        if (children.isEmpty() || name.equals("name")) {
            return null;
        }
        ConfigNode n = child("name");
        return n == null ? null : n.value();
    }

    boolean matches(String childName, String childKey) {
        return name.equals(childName) && Objects.equals(key(), childKey);
    }

    ConfigNode add(ConfigNode child) {
        children.add(child);
        return child;
    }

    void remove(ConfigNode child) {
        children.remove(child);
    }

    void clear() {
        children.clear();
        value = null;
    }

    ConfigNode child(String childName) {
        for (ConfigNode c : children) {
            if (c.name.equals(childName)) {
                return c;
            }
        }
        return null;
    }

    /** The child with that name and key (key null: a container or leaf). */
    ConfigNode find(String childName, String childKey) {
        for (ConfigNode c : children) {
            if (c.matches(childName, childKey)) {
                return c;
            }
        }
        return null;
    }

    /** Follows container names from this node; null when a step is missing. */
    ConfigNode path(String... names) {
        ConfigNode n = this;
        for (String s : names) {
            n = n.child(s);
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    /** Value of a leaf under this node, or null. */
    String leaf(String... names) {
        ConfigNode n = path(names);
        return n == null ? null : n.value();
    }

    List<ConfigNode> all(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).toList();
    }

    /** A container child, created when missing. */
    ConfigNode container(String childName) {
        ConfigNode c = child(childName);
        return c != null ? c : add(new ConfigNode(childName));
    }

    ConfigNode copy() {
        ConfigNode n = new ConfigNode(name, value);
        children.forEach(c -> n.children.add(c.copy()));
        return n;
    }

    /** Deep equality, children in order. */
    boolean sameAs(ConfigNode o) {
        if (!name.equals(o.name) || !Objects.equals(value, o.value) || children.size() != o.children.size()) {
            return false;
        }
        for (int i = 0; i < children.size(); i++) {
            if (!children.get(i).sameAs(o.children.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Junos-style XML of this node, indented by {@code depth} levels of four spaces. */
    void writeXml(StringBuilder b, int depth) {
        String pad = "    ".repeat(depth);
        if (children.isEmpty()) {
            b.append(pad).append(value == null ? "<" + name + "/>" : Xml.leaf(name, value)).append('\n');
            return;
        }
        b.append(pad).append('<').append(name).append(">\n");
        children.forEach(c -> c.writeXml(b, depth + 1));
        b.append(pad).append("</").append(name).append(">\n");
    }

    /** The XML of the children, as the body of a {@code <configuration>} element. */
    String childrenXml(int depth) {
        StringBuilder b = new StringBuilder();
        children.forEach(c -> c.writeXml(b, depth));
        return b.toString();
    }

    @Override
    public String toString() {
        return "ConfigNode[" + name + (key() == null ? "" : " " + key()) + "]";
    }
}
