package org.qkdmacsec.lab.models;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The part of Juniper's models that yanglint cannot judge. Juniper writes many constraints as its own
 * extension statements — {@code junos:posix-pattern} and {@code junos:must} — which libyang parses and
 * ignores. This class reads those statements from the model's own text
 * ({@code junos-conf-security@2024-01-01.yang}, 24.4R1) for the leaves the MACsec drivers write, and
 * applies them to a payload: the key-chain name and {@code key-name} patterns, and the connectivity
 * association's {@code pre-shared-key-chain} pattern and its musts (no {@code pre-shared-key} beside
 * it; {@code security-mode static-cak}). Nothing here is a copy of the rules: change the model and the
 * verdicts change.
 */
public final class JunosExtensionRules {
    private static final String SECURITY = "junos-conf-security@2024-01-01.yang";
    private static final Pattern POSIX = Pattern.compile("junos:posix-pattern\\s+\"((?:[^\"\\\\]|\\\\.)*)\";");
    private static final Pattern MUST = Pattern.compile(
            "junos:must\\s+\"((?:[^\"\\\\]|\\\\.)*)\";\\s*junos:must-message\\s+\"((?:[^\"\\\\]|\\\\.)*)\";");
    /** {@code (".. leaf value")} or {@code (!(".. leaf"))}: a sibling's value, or a sibling's absence. */
    private static final Pattern SIBLING = Pattern.compile("\\((!\\()?\\\\?\"\\.\\. ([a-z-]+)(?: ([a-z0-9-]+))?\\\\?\"\\)?\\)");

    private record Rule(List<String> path, String leaf, String what, java.util.function.BiPredicate<Element, String> ok) {
    }

    private final List<Rule> rules = new ArrayList<>();

    private JunosExtensionRules(String security) {
        String chain = block(security, "grouping security-authentication-key-chains {", "list key-chain {");
        posix(List.of("security", "authentication-key-chains", "key-chain"), "name", block(chain, "leaf name {"));
        posix(List.of("security", "authentication-key-chains", "key-chain", "key"), "key-name",
                block(chain, "list key {", "leaf key-name {"));
        String psk = block(security, "grouping security-macsec {", "list connectivity-association {", "leaf pre-shared-key-chain {");
        List<String> ca = List.of("security", "macsec", "connectivity-association");
        posix(ca, "pre-shared-key-chain", psk);
        Matcher m = MUST.matcher(psk);
        while (m.find()) {
            Matcher s = SIBLING.matcher(m.group(1));
            if (!s.matches()) {
                continue; // references outside the element (e.g. "security authentication-key-chains key-chain $$")
            }
            boolean negated = s.group(1) != null;
            String sibling = s.group(2);
            String value = s.group(3);
            rules.add(new Rule(ca, "pre-shared-key-chain", m.group(2), (parent, v) -> {
                String have = childText(parent, sibling);
                boolean present = have != null && (value == null || value.equals(have));
                return negated != present;
            }));
        }
    }

    /** Reads the rules from the Junos models in {@code models} (the {@code junos-24.4R1} folder). */
    public static JunosExtensionRules read(Path models) {
        try {
            return new JunosExtensionRules(Files.readString(models.resolve(SECURITY), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + models.resolve(SECURITY) + ": " + e.getMessage(), e);
        }
    }

    /** How many extension rules were read (patterns and musts). */
    public int size() {
        return rules.size();
    }

    /**
     * The rules {@code payload} (a {@code <load-configuration>} or {@code <configuration>}) breaks, each
     * as {@code leaf 'value': model message}; empty when it keeps them all.
     */
    public List<String> violations(String payload) {
        Element root = parse(payload);
        if (root.getLocalName().equals("load-configuration")) {
            root = children(root, "configuration").stream().findFirst().orElse(root);
        }
        List<String> out = new ArrayList<>();
        for (Rule r : rules) {
            for (Element parent : walk(root, r.path())) {
                String v = childText(parent, r.leaf());
                if (v != null && !r.ok().test(parent, v)) {
                    out.add(r.leaf() + " '" + v + "': " + r.what());
                }
            }
        }
        return out;
    }

    private void posix(List<String> path, String leaf, String leafBlock) {
        Matcher m = POSIX.matcher(leafBlock);
        if (!m.find()) {
            throw new IllegalStateException("no junos:posix-pattern for " + leaf + " in the model");
        }
        String raw = m.group(1).replace("\\\\", "\\");
        boolean negated = raw.startsWith("!");
        Pattern p = Pattern.compile(posixToJava(negated ? raw.substring(1) : raw), Pattern.DOTALL);
        Matcher msg = Pattern.compile("junos:pattern-message\\s+\"([^\"]*)\"").matcher(leafBlock);
        String what = msg.find() ? msg.group(1) : "does not match " + raw;
        rules.add(new Rule(path, leaf, what, (parent, v) -> p.matcher(v).find() != negated));
    }

    /** POSIX ERE bracket classes as Java character classes (the rest of the syntax is common to both). */
    static String posixToJava(String ere) {
        return ere.replace("[:xdigit:]", "\\p{XDigit}").replace("[:alnum:]", "\\p{Alnum}").replace("[:alpha:]", "\\p{Alpha}")
                .replace("[:digit:]", "\\p{Digit}").replace("[:space:]", "\\s").replace("[:upper:]", "\\p{Upper}")
                .replace("[:lower:]", "\\p{Lower}").replace("[:punct:]", "\\p{Punct}").replace("[:print:]", "\\p{Print}");
    }

    /** The body of the block introduced by the last header, each header searched inside the previous block. */
    static String block(String text, String... headers) {
        String cur = text;
        for (String h : headers) {
            int at = cur.indexOf(h);
            if (at < 0) {
                throw new IllegalStateException("model has no '" + h + "' where expected");
            }
            int open = at + h.length() - 1;
            int depth = 0;
            boolean quoted = false;
            for (int i = open; i < cur.length(); i++) {
                char c = cur.charAt(i);
                if (quoted) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    cur = cur.substring(open + 1, i);
                    break;
                }
            }
        }
        return cur;
    }

    private static List<Element> walk(Element root, List<String> path) {
        List<Element> level = List.of(root);
        for (String name : path) {
            List<Element> next = new ArrayList<>();
            level.forEach(e -> next.addAll(children(e, name)));
            level = next;
        }
        return level;
    }

    private static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && name.equals(c.getLocalName())) {
                out.add(c);
            }
        }
        return out;
    }

    private static String childText(Element e, String name) {
        List<Element> c = children(e, name);
        return c.isEmpty() ? null : c.get(0).getTextContent().trim();
    }

    private static Element parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("not XML: " + e.getMessage(), e);
        }
    }
}
