package org.qkdmacsec.harness.playbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.qkdmacsec.config.Problems;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Replaces {@code ${name}} in every scalar of a composed playbook (except its {@code vars:} section)
 * before anything is read, so a variable can stand for any value — a duration, a count, a selector —
 * and a value that is wrong after substitution is reported where the reference was written.
 * {@code $${} writes a literal {@code ${}.
 */
final class Variables {
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}");
    static final String NAME_RULE = "1-64 letters, digits, '_' or '-', starting with a letter or '_'";

    private final Map<String, String> values;
    private final Problems problems;

    Variables(Map<String, String> values, Problems problems) {
        this.values = values;
        this.problems = problems;
    }

    /** The document with every reference outside {@code vars:} replaced. */
    Node substituteDocument(Node root) {
        if (!(root instanceof MappingNode m)) {
            return root;
        }
        List<NodeTuple> out = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
            out.add(key.equals("vars") ? t : new NodeTuple(t.getKeyNode(), substitute(t.getValueNode(), key)));
        }
        m.setValue(out);
        return m;
    }

    private Node substitute(Node n, String path) {
        if (n instanceof ScalarNode s) {
            if (!s.getValue().contains("$")) {
                return s;
            }
            return new ScalarNode(s.getTag(), expand(s, path), s.getStartMark(), s.getEndMark(), s.getScalarStyle());
        }
        if (n instanceof SequenceNode q) {
            List<Node> items = q.getValue();
            for (int i = 0; i < items.size(); i++) {
                items.set(i, substitute(items.get(i), path + "[" + i + "]"));
            }
            return q;
        }
        if (n instanceof MappingNode m) {
            List<NodeTuple> out = new ArrayList<>();
            for (NodeTuple t : m.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
                out.add(new NodeTuple(t.getKeyNode(), substitute(t.getValueNode(), path + "." + key)));
            }
            m.setValue(out);
            return m;
        }
        return n;
    }

    private String expand(ScalarNode s, String path) {
        String text = s.getValue();
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    problems.add(s.getStartMark(), path, "unterminated ${ in '" + text + "'", "write ${name}, or $${ for a literal ${");
                    return text;
                }
                String name = text.substring(i + 2, end);
                String value = values.get(name);
                if (value == null) {
                    problems.add(s.getStartMark(), path, "unknown variable '" + name + "'",
                            values.isEmpty() ? "declare it under vars:" : "declared: " + String.join(", ", values.keySet()));
                    return text;
                }
                out.append(value);
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }
}
