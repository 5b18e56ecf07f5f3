package org.qkdmacsec.lab.junos;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.w3c.dom.Element;

/**
 * Loads client configuration XML into a tree the way {@code load-configuration action="merge"} does.
 * Two steps: {@link #prepare} checks syntax (key ids, start-times, secrets) on a copy of the request,
 * rewrites secrets to $9$ and start-times to their read-back form, so that replaying a prepared request
 * (private databases are replayed at commit) is deterministic; {@link #merge} applies it, honouring
 * Junos {@code delete="delete"} / {@code replace="replace"} and NETCONF {@code operation} attributes.
 */
final class ConfigLoad {
    static final Set<String> SECRET_LEAVES = Set.of("secret", "cak");
    private static final String NETCONF_NS = "urn:ietf:params:xml:ns:netconf:base:1.0";

    private ConfigLoad() {
    }

    /**
     * The configuration a device boots with: {@code system host-name} and {@code time-zone}, then
     * {@code initial} (may be null) merged over them, checked as a commit would check it.
     *
     * @throws IllegalArgumentException the initial configuration does not load or does not validate
     */
    static ConfigNode boot(String hostName, ZoneId zone, Element initial, java.time.Instant deviceNow, RandomGenerator random) {
        ConfigNode base = new ConfigNode("configuration");
        ConfigNode system = base.add(new ConfigNode("system"));
        system.add(new ConfigNode("host-name", hostName));
        system.add(new ConfigNode("time-zone", zone.getId()));
        List<RpcError> problems;
        try {
            if (initial != null) {
                merge(base, prepare(initial, zone, random));
            }
            String configured = base.leaf("system", "time-zone");
            problems = ConfigValidator.check(base, base, deviceNow, configured == null ? zone : ZoneId.of(configured));
        } catch (RpcException e) {
            problems = e.errors();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("initial configuration rejected: system time-zone " + e.getMessage(), e);
        }
        if (RpcError.anyError(problems)) {
            throw new IllegalArgumentException("initial configuration rejected: " + problems.stream().filter(RpcError::isError)
                    .map(e -> (e.path() == null ? "" : e.path() + " ") + e.message()).toList());
        }
        return base;
    }

    /** A checked, normalised deep copy of a {@code <configuration>} element. */
    static Element prepare(Element configuration, ZoneId zone, RandomGenerator random) throws RpcException {
        Element copy = (Element) configuration.cloneNode(true);
        List<RpcError> errors = new ArrayList<>();
        normalise(copy, zone, random, errors);
        if (!errors.isEmpty()) {
            throw new RpcException(errors);
        }
        return copy;
    }

    private static void normalise(Element e, ZoneId zone, RandomGenerator random, List<RpcError> errors) {
        String n = Xml.name(e);
        List<Element> kids = Xml.children(e);
        if (kids.isEmpty()) {
            String text = e.getTextContent().trim();
            if (SECRET_LEAVES.contains(n) && !text.isEmpty()) {
                normaliseSecret(e, text, random, errors);
            } else if (n.equals("start-time") && !text.isEmpty()) {
                try {
                    e.setTextContent(JunosTime.formatStartTime(JunosTime.parseStartTime(text, zone)));
                } catch (DateTimeException ex) {
                    errors.add(invalid(editPath(e), "start-time",
                            "invalid date/time '" + text + "': expected YYYY-MM-DD.HH:MM[:SS]"));
                }
            } else if (n.equals("name") && isKeyChainKey(e)) {
                checkKeyId(e, text, errors);
            }
            return;
        }
        kids.forEach(k -> normalise(k, zone, random, errors));
    }

    private static void normaliseSecret(Element e, String text, RandomGenerator random, List<RpcError> errors) {
        if (Junos9.isEncoded(text)) {
            try {
                Junos9.decode(text);
            } catch (IllegalArgumentException ex) {
                errors.add(invalid(editPath(e), Xml.name(e), "invalid encrypted " + Xml.name(e)));
            }
            return;
        }
        e.setTextContent(Junos9.encode(text, random));
    }

    private static boolean isKeyChainKey(Element nameLeaf) {
        return nameLeaf.getParentNode() instanceof Element key && Xml.name(key).equals("key")
                && key.getParentNode() instanceof Element chain && Xml.name(chain).equals("key-chain");
    }

    private static void checkKeyId(Element nameLeaf, String text, List<RpcError> errors) {
        String path = editPath((Element) nameLeaf.getParentNode().getParentNode());
        try {
            int id = Integer.parseInt(text);
            if (id < 0 || id > 63) {
                errors.add(invalid(path, "key " + text, "Value " + text + " is not within range (0..63)"));
            }
        } catch (NumberFormatException ex) {
            errors.add(invalid(path, "key " + text, "invalid numeric value: '" + text + "'"));
        }
    }

    /** Merges a prepared request into {@code target}; returns warnings, throws on errors (target then undefined). */
    static List<RpcError> merge(ConfigNode target, Element prepared) throws RpcException {
        List<RpcError> warnings = new ArrayList<>();
        List<RpcError> errors = new ArrayList<>();
        mergeChildren(target, prepared, warnings, errors);
        if (!errors.isEmpty()) {
            throw new RpcException(errors);
        }
        return warnings;
    }

    private static void mergeChildren(ConfigNode target, Element src, List<RpcError> warnings, List<RpcError> errors) {
        for (Element c : Xml.children(src)) {
            String name = Xml.name(c);
            String key = keyOf(c);
            ConfigNode existing = target.find(name, key);
            String op = operation(c);
            switch (op) {
                case "delete", "remove" -> {
                    if (existing != null) {
                        target.remove(existing);
                    } else if (op.equals("delete") && Xml.attr(c, "operation") != null) {
                        errors.add(RpcError.error("application", "data-missing", "statement not found").at(editPath(c)).bad(label(name, key)));
                    } else if (op.equals("delete")) {
                        warnings.add(RpcError.warning("statement not found").at(editPath(c)).bad(label(name, key)));
                    }
                }
                case "replace" -> {
                    if (existing != null) {
                        int at = target.children().indexOf(existing);
                        target.remove(existing);
                        ConfigNode fresh = build(c, warnings, errors);
                        insertAt(target, at, fresh);
                    } else {
                        target.add(build(c, warnings, errors));
                    }
                }
                case "create" -> {
                    if (existing != null) {
                        errors.add(RpcError.error("application", "data-exists", "statement already exists").at(editPath(c)).bad(label(name, key)));
                    } else {
                        target.add(build(c, warnings, errors));
                    }
                }
                default -> {
                    if (existing == null) {
                        target.add(build(c, warnings, errors));
                    } else if (Xml.children(c).isEmpty()) {
                        String value = leafValue(c);
                        if (value == null && !existing.isLeaf()) {
                            continue; // an empty container element merges nothing
                        }
                        existing.clear();
                        existing.setValue(value);
                    } else {
                        if (existing.isLeaf()) {
                            existing.setValue(null);
                        }
                        mergeChildren(existing, c, warnings, errors);
                    }
                }
            }
        }
    }

    private static void insertAt(ConfigNode parent, int index, ConfigNode node) {
        List<ConfigNode> after = new ArrayList<>(parent.children().subList(index, parent.children().size()));
        after.forEach(parent::remove);
        parent.add(node);
        after.forEach(parent::add);
    }

    private static ConfigNode build(Element e, List<RpcError> warnings, List<RpcError> errors) {
        ConfigNode n = new ConfigNode(Xml.name(e));
        if (Xml.children(e).isEmpty()) {
            n.setValue(leafValue(e));
        } else {
            mergeChildren(n, e, warnings, errors);
        }
        return n;
    }

    private static String leafValue(Element e) {
        String t = e.getTextContent().trim();
        return t.isEmpty() ? null : t;
    }

    private static String operation(Element e) {
        if ("delete".equals(e.getAttribute("delete"))) {
            return "delete";
        }
        if ("replace".equals(e.getAttribute("replace"))) {
            return "replace";
        }
        String op = e.getAttributeNS(NETCONF_NS, "operation");
        if (op.isEmpty()) {
            op = e.getAttribute("operation");
        }
        return op.isEmpty() ? "merge" : op;
    }

    /** The list key of a request element: its {@code <name>} child's text, when it has element children. */
    static String keyOf(Element e) {
        if (Xml.name(e).equals("name") || Xml.children(e).isEmpty()) {
            return null;
        }
        return Xml.childText(e, "name");
    }

    private static String label(String name, String key) {
        return key == null ? name : name + " " + key;
    }

    /** Junos error-path of the element's parent hierarchy, e.g. {@code [edit security macsec]}. */
    static String editPath(Element e) {
        List<String> parts = new ArrayList<>();
        for (var n = e.getParentNode(); n instanceof Element p && !Xml.name(p).equals("configuration"); n = p.getParentNode()) {
            String k = keyOf(p);
            parts.add(0, k == null ? Xml.name(p) : Xml.name(p) + " " + k);
        }
        return parts.isEmpty() ? "[edit]" : "[edit " + String.join(" ", parts) + "]";
    }

    private static RpcError invalid(String path, String bad, String message) {
        return RpcError.error("application", "invalid-value", message).at(path).bad(bad);
    }
}
