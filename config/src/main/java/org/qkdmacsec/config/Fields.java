package org.qkdmacsec.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed, position-aware access to one YAML mapping. Construction reports unknown and repeated keys;
 * each getter reports a value of the wrong shape and returns empty, so a missing value and an invalid
 * one are never both reported. Every reader of an operator's YAML file uses it (inventory, playbooks,
 * daemon and lab configuration), so every problem reads {@code file:line:col: field: problem (hint)}.
 */
public final class Fields {
    private static final String DURATION_HINT = "use 90s, 10m, 1h, 1d or ISO-8601 such as PT1H";

    private final MappingNode node;
    private final String path;
    private final Problems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    Fields(MappingNode node, String path, Problems problems, List<String> allowed) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        for (NodeTuple t : node.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                problems.add(t.getKeyNode().getStartMark(), path.isEmpty() ? "(document)" : path,
                        "a key must be plain text", "");
                continue;
            }
            String name = key.getValue();
            NodeTuple first = entries.get(name);
            if (first != null) {
                problems.add(key.getStartMark(), field(name), "repeated key",
                        "first given at line " + (first.getKeyNode().getStartMark().getLine() + 1));
            } else if (!allowed.contains(name)) {
                problems.add(key.getStartMark(), field(name), "unknown field", suggestion(name, allowed));
            } else {
                entries.put(name, t);
            }
        }
    }

    /** Reads {@code node} as a mapping at {@code path}, or reports that it is not one. */
    public static Optional<Fields> of(Node node, String path, Problems problems, List<String> allowed) {
        if (node instanceof MappingNode m) {
            return Optional.of(new Fields(m, path, problems, allowed));
        }
        problems.add(node.getStartMark(), path.isEmpty() ? "(document)" : path, "expected a mapping (key: value lines)", "");
        return Optional.empty();
    }

    public String path() {
        return path;
    }

    public String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public Mark mark() {
        return node.getStartMark();
    }

    /** Where the value of {@code key} starts, or the mapping's start when the key is absent. */
    public Mark mark(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? node.getStartMark() : t.getValueNode().getStartMark();
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    public void error(String key, String problem, String hint) {
        problems.add(mark(key), field(key), problem, hint);
    }

    public Optional<Node> node(String key) {
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
    }

    /** A scalar's text; a collection or an empty value is reported. */
    public Optional<String> text(String key) {
        Optional<Node> n = node(key);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        if (n.get() instanceof ScalarNode s) {
            if (s.getTag().equals(Tag.NULL)) {
                error(key, "has no value", "");
                return Optional.empty();
            }
            return Optional.of(s.getValue());
        }
        error(key, "expected a single value, not a " + (n.get() instanceof SequenceNode ? "list" : "mapping"), "");
        return Optional.empty();
    }

    /** Reports a missing key with {@code hint}; returns the text when present and valid. */
    public Optional<String> required(String key, String hint) {
        if (!has(key)) {
            problems.add(node.getStartMark(), field(key), "missing", hint);
        }
        return text(key);
    }

    /** Text that must match {@code pattern}; {@code rule} explains the pattern. */
    public Optional<String> matching(String key, Pattern pattern, String what, String rule) {
        return text(key).filter(v -> {
            if (pattern.matcher(v).matches()) {
                return true;
            }
            error(key, "invalid " + what + " '" + v + "'", rule);
            return false;
        });
    }

    public Optional<Integer> integer(String key, int min, int max) {
        return text(key).flatMap(v -> {
            try {
                int i = Integer.parseInt(v.strip());
                if (i >= min && i <= max) {
                    return Optional.of(i);
                }
                error(key, i + " is out of range", "allowed: " + min + " to " + max);
            } catch (NumberFormatException e) {
                error(key, "expected a whole number, got '" + v + "'", "allowed: " + min + " to " + max);
            }
            return Optional.empty();
        });
    }

    public Optional<Boolean> bool(String key) {
        return text(key).flatMap(v -> {
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                return Optional.of(Boolean.valueOf(v));
            }
            error(key, "expected true or false, got '" + v + "'", "");
            return Optional.empty();
        });
    }

    /** A duration greater than zero. */
    public Optional<Duration> positiveDuration(String key) {
        return duration(key, Durations::parse).filter(d -> {
            if (!d.isZero()) {
                return true;
            }
            error(key, "must be longer than 0s", "");
            return false;
        });
    }

    /** A duration of zero or more. */
    public Optional<Duration> duration(String key) {
        return duration(key, Durations::parse);
    }

    /** A duration that may be negative ({@code -2s}). */
    public Optional<Duration> signedDuration(String key) {
        return duration(key, Durations::parseSigned);
    }

    private Optional<Duration> duration(String key, Function<String, Optional<Duration>> parser) {
        return text(key).flatMap(v -> {
            Optional<Duration> d = parser.apply(v);
            if (d.isEmpty()) {
                error(key, "invalid duration '" + v + "'", DURATION_HINT);
            }
            return d;
        });
    }

    /** A path as written (relative paths stay relative). */
    public Optional<Path> filePath(String key) {
        return text(key).flatMap(v -> {
            try {
                return Optional.of(Path.of(v));
            } catch (InvalidPathException e) {
                error(key, "invalid path '" + v + "'", e.getReason());
                return Optional.empty();
            }
        });
    }

    public Optional<Fields> mapping(String key, List<String> allowed) {
        return node(key).flatMap(n -> of(n, field(key), problems, allowed));
    }

    /** Like {@link #mapping}, but an empty value ({@code key:} alone, {@code ~}) counts as absent. */
    public Optional<Fields> optionalMapping(String key, List<String> allowed) {
        return node(key).filter(n -> !isNull(n)).flatMap(n -> of(n, field(key), problems, allowed));
    }

    /** A number with a fraction allowed ({@code 0.5}). */
    public Optional<Double> number(String key, double min, double max) {
        return text(key).flatMap(v -> {
            try {
                double d = Double.parseDouble(v.strip());
                if (d >= min && d <= max) {
                    return Optional.of(d);
                }
                error(key, v.strip() + " is out of range", "allowed: " + plain(min) + " to " + plain(max));
            } catch (NumberFormatException e) {
                error(key, "expected a number, got '" + v + "'", "allowed: " + plain(min) + " to " + plain(max));
            }
            return Optional.empty();
        });
    }

    private static String plain(double d) {
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** A list of single values ({@code [a, b]}); an item that is not one is reported and left out. */
    public Optional<List<String>> strings(String key) {
        return sequence(key).map(nodes -> {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                if (n instanceof ScalarNode s && !isNull(s) && !s.getValue().isBlank()) {
                    out.add(s.getValue().strip());
                } else {
                    problems.add(n.getStartMark(), field(key) + "[" + i + "]", "expected a single value", "");
                }
            }
            return out;
        });
    }

    /** The problems this mapping reports to (for readers that check nested values themselves). */
    public Problems problems() {
        return problems;
    }

    /** An empty value: {@code key:} alone, {@code ~} or {@code null}. */
    public static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    /** The items of a list; an empty value counts as an empty list. */
    public Optional<List<Node>> sequence(String key) {
        Optional<Node> n = node(key);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        if (n.get() instanceof SequenceNode s) {
            return Optional.of(s.getValue());
        }
        if (n.get() instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
            return Optional.of(List.of());
        }
        error(key, "expected a list (lines starting with '- ')", "");
        return Optional.empty();
    }

    /** A close allowed name ("did you mean …") or the whole list. */
    private static String suggestion(String name, List<String> allowed) {
        return allowed.stream()
                .filter(a -> distance(a, name) <= Math.max(1, Math.min(3, a.length() / 3))
                        || name.startsWith(a) || a.startsWith(name))
                .min(Comparator.comparingInt(a -> distance(a, name)))
                .map(a -> "did you mean '" + a + "'?")
                .orElse("expected one of: " + String.join(", ", allowed));
    }

    /** Levenshtein distance, for suggestions. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
