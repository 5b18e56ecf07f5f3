package org.qkdmacsec.controller.inventory;

import java.nio.file.Path;
import java.util.Optional;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.config.Problems;
import org.qkdmacsec.config.YamlDocument;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads inventory YAML through {@link YamlDocument} (SnakeYAML's node tree keeps every value's line and
 * column), so each problem is reported where it is, all at once: {@code file:line:col: field: problem (hint)}.
 *
 * <pre>{@code
 * Inventory inv = InventoryLoader.load(Path.of("inventory/lab.yaml"));   // or ConfigException
 * Link link = inv.resolveLink("ge-0/0/1");   // or inv.link("r1-r2"), by id
 * }</pre>
 */
public final class InventoryLoader {
    /** Inventories are small; the cap stops a runaway file or alias bomb early. */
    static final YamlDocument.Limit LIMIT = YamlDocument.Limit.of(4, "an inventory");

    private InventoryLoader() {
    }

    /** Reads and validates {@code file}; throws {@link ConfigException} listing every problem. */
    public static Inventory load(Path file) {
        return read(file.toString(), YamlDocument.load(file, LIMIT));
    }

    /** Validates YAML {@code text}; {@code label} names it in messages. */
    public static Inventory parse(String label, String text) {
        return read(label, YamlDocument.parse(label, text, LIMIT));
    }

    private static Inventory read(String label, Optional<Node> root) {
        Problems problems = new Problems(label);
        if (root.isEmpty()) {
            problems.add(null, "(document)", "the inventory is empty", "expected devices:, kmes: and links:");
            throw problems.failure();
        }
        return new InventoryReader(label, problems).read(root.get()).orElseThrow(problems::failure);
    }
}
