package org.qkdmacsec.controller.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads inventory YAML. SnakeYAML composes a node tree that keeps every value's line and column, so each
 * problem can be reported where it is; nothing is bound by reflection, so unknown fields and wrong shapes
 * are reported by name instead of failing on the first one.
 *
 * <pre>{@code
 * Inventory inv = InventoryLoader.load(Path.of("inventory/lab.yaml"));   // or InventoryException
 * Link link = inv.link("ge-0/0/1");
 * }</pre>
 */
public final class InventoryLoader {
    /** Inventories are small; the cap stops a runaway file or alias bomb early. */
    private static final int MAX_BYTES = 4 * 1024 * 1024;

    private InventoryLoader() {
    }

    /** Reads and validates {@code file}; throws {@link InventoryException} listing every problem. */
    public static Inventory load(Path file) {
        String label = file.toString();
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw failure(label, "file is larger than 4 MiB", "an inventory is a small YAML file");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw failure(label, "cannot read the file (" + e.getClass().getSimpleName() + ")", "check the path");
        }
        return parse(label, text);
    }

    /** Validates YAML {@code text}; {@code label} names it in messages. */
    public static Inventory parse(String label, String text) {
        Problems problems = new Problems(label);
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            options.setAllowRecursiveKeys(false);
            options.setCodePointLimit(MAX_BYTES);
            root = new Yaml(new SafeConstructor(options)).compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            problems.add(e.getProblemMark(), "(yaml)", e.getProblem(), e.getContext() == null ? "" : e.getContext());
            throw new InventoryException(problems.sorted());
        } catch (YAMLException e) {
            problems.add(null, "(yaml)", e.getMessage(), "");
            throw new InventoryException(problems.sorted());
        }
        if (root == null) {
            problems.add(null, "(document)", "the inventory is empty", "expected devices:, kmes: and links:");
            throw new InventoryException(problems.sorted());
        }
        return new InventoryReader(label, problems).read(root)
                .orElseThrow(() -> new InventoryException(problems.sorted()));
    }

    private static InventoryException failure(String label, String problem, String hint) {
        return new InventoryException(List.of(new InventoryError(label, 1, 1, "(file)", problem, hint)));
    }
}
