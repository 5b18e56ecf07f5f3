package org.qkdmacsec.lab.junos;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Junos curly-brace text of a configuration tree, and the {@code show | compare} diff between two trees. */
final class ConfigText {
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_./:$-]+");

    private ConfigText() {
    }

    /** The text form of the children of {@code root} (the body of {@code show configuration}). */
    static String render(ConfigNode root) {
        List<String> lines = new ArrayList<>();
        root.children().forEach(c -> lines(c, 0, lines));
        return String.join("\n", lines) + (lines.isEmpty() ? "" : "\n");
    }

    private static void lines(ConfigNode n, int depth, List<String> out) {
        if (n.name().equals("name") && depth > 0 && n.isLeaf()) {
            return; // printed as the list entry's key
        }
        String pad = "    ".repeat(depth);
        String head = n.key() == null ? n.name() : n.name() + " " + quote(n.key());
        if (n.isLeaf()) {
            boolean secret = ConfigLoad.SECRET_LEAVES.contains(n.name());
            String v = n.value() == null ? "" : " " + (secret ? "\"" + n.value() + "\"" : quote(n.value()));
            out.add(pad + head + v + ";" + (secret ? " ## SECRET-DATA" : ""));
            return;
        }
        out.add(pad + head + " {");
        n.children().forEach(c -> lines(c, depth + 1, out));
        out.add(pad + "}");
    }

    private static String quote(String v) {
        return BARE.matcher(v).matches() ? v : "\"" + v.replace("\"", "\\\"") + "\"";
    }

    /** Junos {@code show | compare}: what {@code newer} adds to and removes from {@code older}. */
    static String diff(ConfigNode older, ConfigNode newer) {
        List<String> out = new ArrayList<>();
        diff(older, newer, new ArrayList<>(), out);
        return String.join("\n", out) + (out.isEmpty() ? "" : "\n");
    }

    private static void diff(ConfigNode older, ConfigNode newer, List<String> path, List<String> out) {
        List<String> here = new ArrayList<>();
        List<ConfigNode[]> both = new ArrayList<>();
        for (ConfigNode o : older.children()) {
            if (isKeyLeaf(older, o)) {
                continue;
            }
            ConfigNode n = newer.find(o.name(), o.key());
            if (n == null) {
                signed('-', o, here);
            } else if (o.isLeaf() && n.isLeaf()) {
                if (!java.util.Objects.equals(o.value(), n.value())) {
                    signed('-', o, here);
                    signed('+', n, here);
                }
            } else if (o.isLeaf() || n.isLeaf()) {
                signed('-', o, here);
                signed('+', n, here);
            } else {
                both.add(new ConfigNode[] {o, n});
            }
        }
        for (ConfigNode n : newer.children()) {
            if (!isKeyLeaf(newer, n) && older.find(n.name(), n.key()) == null) {
                signed('+', n, here);
            }
        }
        if (!here.isEmpty()) {
            out.add(path.isEmpty() ? "[edit]" : "[edit " + String.join(" ", path) + "]");
            out.addAll(here);
        }
        for (ConfigNode[] pair : both) {
            List<String> sub = new ArrayList<>(path);
            sub.add(pair[0].key() == null ? pair[0].name() : pair[0].name() + " " + quote(pair[0].key()));
            diff(pair[0], pair[1], sub, out);
        }
    }

    private static boolean isKeyLeaf(ConfigNode parent, ConfigNode child) {
        return parent.key() != null && child.name().equals("name") && child.isLeaf();
    }

    private static void signed(char sign, ConfigNode n, List<String> out) {
        List<String> lines = new ArrayList<>();
        lines(n, 1, lines);
        lines.forEach(l -> out.add(sign + l.substring(1)));
    }
}
