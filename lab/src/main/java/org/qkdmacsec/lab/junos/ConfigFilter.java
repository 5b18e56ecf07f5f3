package org.qkdmacsec.lab.junos;

import org.w3c.dom.Element;

/**
 * Junos configuration filtering ({@code <get-configuration><configuration>…}, NETCONF subtree filter):
 * an empty filter element selects the whole subtree; one with only {@code <name>} selects that list
 * entry; one with more children narrows further. Ancestors of a match are kept.
 */
final class ConfigFilter {
    private ConfigFilter() {
    }

    static ConfigNode apply(ConfigNode root, Element filter) {
        ConfigNode out = new ConfigNode(root.name());
        select(root, filter, out);
        return out;
    }

    private static void select(ConfigNode source, Element filter, ConfigNode out) {
        for (Element f : Xml.children(filter)) {
            String name = Xml.name(f);
            String key = ConfigLoad.keyOf(f);
            boolean whole = Xml.children(f).isEmpty() || (key != null && Xml.children(f).size() == 1);
            for (ConfigNode c : source.all(name)) {
                if (key != null && !key.equals(c.key())) {
                    continue;
                }
                if (whole) {
                    out.add(c.copy());
                    continue;
                }
                ConfigNode part = new ConfigNode(c.name());
                if (c.key() != null) {
                    part.add(new ConfigNode("name", c.key()));
                }
                select(c, f, part);
                if (part.children().size() > (c.key() != null ? 1 : 0)) {
                    out.add(part);
                }
            }
        }
    }
}
