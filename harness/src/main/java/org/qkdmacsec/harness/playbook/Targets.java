package org.qkdmacsec.harness.playbook;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.qkdmacsec.config.ConfigError;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Link;

/** Resolves link selectors against the inventory a run uses, in inventory order, each link once. */
final class Targets {
    private final Inventory inventory;
    private final Map<String, String> leftOut;

    /** @param leftOut links of the source inventory this run cannot drive, and why (named when a selector asks for one) */
    Targets(Inventory inventory, Map<String, String> leftOut) {
        this.inventory = inventory;
        this.leftOut = leftOut;
    }

    /** The links {@code selectors} name; each selector that names none adds a problem at its position. */
    List<Link> resolve(List<Selector> selectors, List<ConfigError> problems) {
        Set<String> chosen = new LinkedHashSet<>();
        for (Selector s : selectors) {
            List<String> hit = inventory.links().stream().filter(l -> matches(s, l)).map(Link::id).toList();
            if (hit.isEmpty()) {
                problems.add(s.position().error(nothing(s), hint(s)));
            }
            chosen.addAll(hit);
        }
        return inventory.links().stream().filter(l -> chosen.contains(l.id())).toList();
    }

    private static boolean matches(Selector s, Link l) {
        return s.isTag() ? l.tags().contains(s.tag()) : s.matchesId(l.id());
    }

    private String nothing(Selector s) {
        if (!s.isTag() && !s.isGlob() && leftOut.containsKey(s.text())) {
            return "link " + s.text() + " is left out of this run: " + leftOut.get(s.text());
        }
        return "'" + s.text() + "' matches no link" + (s.isTag() ? " tagged " + s.tag() : "") + " in " + inventory.source();
    }

    private String hint(Selector s) {
        List<String> parts = new ArrayList<>();
        parts.add("links: " + (inventory.links().isEmpty() ? "none" : String.join(", ", inventory.links().stream().map(Link::id).toList())));
        if (s.isTag()) {
            Set<String> tags = new TreeSet<>();
            inventory.links().forEach(l -> tags.addAll(l.tags()));
            parts.add("tags: " + (tags.isEmpty() ? "none" : String.join(", ", tags)));
        }
        if (!leftOut.isEmpty() && !leftOut.containsKey(s.text())) {
            parts.add("left out: " + String.join(", ", leftOut.keySet()));
        }
        return String.join("; ", parts);
    }
}
