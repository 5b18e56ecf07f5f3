package org.qkdmacsec.controller.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.config.ConfigError;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.controller.inventory.InventoryLoader;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.inventory.LinkLookupException;
import picocli.CommandLine.Option;

/**
 * {@code --inventory FILE}, declared once for every command that reads an inventory, and the loading that
 * goes with it. A command takes it as an argument group: {@code @ArgGroup(exclusive = false, multiplicity = "1")}
 * where the inventory is required, {@code @ArgGroup(exclusive = false)} where it is optional (the field is
 * then null without it) — so {@code --help} shows which.
 */
public final class InventoryOptions {
    @Option(names = "--inventory", required = true, paramLabel = "FILE", description = "Inventory YAML file (docs/inventory.md).")
    Path file;

    public Path file() {
        return file;
    }

    /** The file of an optional group: empty when {@code --inventory} was not given. */
    public static Optional<Path> file(InventoryOptions group) {
        return Optional.ofNullable(group).map(g -> g.file);
    }

    /** The inventory, or empty with every problem printed to {@code err}. */
    public Optional<Inventory> load(PrintWriter err) {
        return load(file, err);
    }

    /** The inventory in {@code file}, or empty with every problem printed to {@code err}. */
    public static Optional<Inventory> load(Path file, PrintWriter err) {
        try {
            return Optional.of(InventoryLoader.load(file));
        } catch (ConfigException e) {
            for (ConfigError error : e.errors()) {
                err.println(error);
            }
            err.flush();
            return Optional.empty();
        }
    }

    /** The link an operator named (id, device:interface, or an unambiguous interface), or why there is none. */
    public static Optional<Link> link(Inventory inventory, String reference, PrintWriter err) {
        try {
            return Optional.of(inventory.resolveLink(reference));
        } catch (LinkLookupException e) {
            err.println(e.getMessage());
            err.flush();
            return Optional.empty();
        }
    }
}
