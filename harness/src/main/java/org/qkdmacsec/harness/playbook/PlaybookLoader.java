package org.qkdmacsec.harness.playbook;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.qkdmacsec.config.ConfigError;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.config.Problems;
import org.qkdmacsec.config.YamlDocument;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Loads playbook YAML the way {@code InventoryLoader} loads inventories, through {@link YamlDocument}:
 * a node tree that keeps every value's position, variables substituted in place, and every problem
 * reported as {@code file:line:col: field: problem (hint)} — all of them, not just the first.
 *
 * <pre>{@code
 * Playbook p = PlaybookLoader.load(Path.of("playbooks/lab-smoke.yaml"), Map.of("rounds", "5"));
 * }</pre>
 */
public final class PlaybookLoader {
    private static final YamlDocument.Limit LIMIT = YamlDocument.Limit.of(1, "a playbook");

    private PlaybookLoader() {
    }

    /**
     * Reads and checks {@code file}.
     *
     * @param overrides {@code --var name=value}: values for variables the playbook declares
     * @throws ConfigException listing every problem
     */
    public static Playbook load(Path file, Map<String, String> overrides) {
        return read(file.toString(), YamlDocument.load(file, LIMIT), overrides);
    }

    /** Checks YAML {@code text}; {@code label} names it in messages. */
    public static Playbook parse(String label, String text, Map<String, String> overrides) {
        return read(label, YamlDocument.parse(label, text, LIMIT), overrides);
    }

    private static Playbook read(String label, Optional<Node> document, Map<String, String> overrides) {
        Problems problems = new Problems(label);
        if (document.isEmpty()) {
            problems.add(null, "(document)", "the playbook is empty", "expected name: and steps:");
            throw problems.failure();
        }
        Node root = document.get();
        Map<String, String> variables = variables(root, overrides, problems);
        Node substituted = new Variables(variables, problems).substituteDocument(root);
        return new PlaybookReader(label, problems, variables).read(substituted)
                .filter(p -> problems.isEmpty())
                .orElseThrow(() -> new ConfigException(firstPerValue(problems.sorted())));
    }

    /** One problem per value: an unknown variable is not reported again as the invalid value it leaves behind. */
    private static List<ConfigError> firstPerValue(List<ConfigError> sorted) {
        Set<String> seen = new HashSet<>();
        return sorted.stream().filter(e -> seen.add(e.line() + ":" + e.column() + ":" + e.field())).toList();
    }

    /** The {@code vars:} section (name → scalar), with the command line's values over the file's. */
    private static Map<String, String> variables(Node root, Map<String, String> overrides, Problems problems) {
        Map<String, String> out = new LinkedHashMap<>();
        Node vars = null;
        if (root instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("vars")) {
                    vars = t.getValueNode();
                }
            }
        }
        if (vars instanceof MappingNode vm) {
            for (NodeTuple t : vm.getValue()) {
                String name = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
                String field = "vars." + name;
                if (!Variables.NAME.matcher(name).matches()) {
                    problems.add(t.getKeyNode().getStartMark(), field, "invalid variable name '" + name + "'", Variables.NAME_RULE);
                } else if (!(t.getValueNode() instanceof ScalarNode v) || v.getTag().equals(Tag.NULL)) {
                    problems.add(t.getValueNode().getStartMark(), field, "expected a single value", "a variable stands for one scalar");
                } else if (out.put(name, v.getValue()) != null) {
                    problems.add(t.getKeyNode().getStartMark(), field, "repeated key", "");
                }
            }
        } else if (vars != null && !(vars instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
            problems.add(vars.getStartMark(), "vars", "expected a mapping of name: value", "");
        }
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            if (!out.containsKey(o.getKey())) {
                problems.add(vars == null ? root.getStartMark() : vars.getStartMark(), "vars",
                        "--var " + o.getKey() + ": the playbook declares no such variable",
                        out.isEmpty() ? "it declares none" : "declared: " + String.join(", ", out.keySet()));
            } else {
                out.put(o.getKey(), o.getValue());
            }
        }
        return out;
    }
}
