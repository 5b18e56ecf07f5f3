package org.qkdmacsec.controller.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.inventory.LinkLookupException;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.InventoryError;
import org.qkdmacsec.controller.inventory.InventoryException;
import org.qkdmacsec.controller.inventory.InventoryLoader;

/** Loads the inventory a command names, printing every problem to stderr when it is invalid. */
final class InventoryFiles {
    private InventoryFiles() {
    }

    /** The link an operator named (id, device:interface, or an unambiguous interface), or why there is none. */
    static Optional<Link> link(Inventory inventory, String reference, PrintWriter err) {
        try {
            return Optional.of(inventory.link(reference));
        } catch (LinkLookupException e) {
            err.println(e.getMessage());
            err.flush();
            return Optional.empty();
        }
    }

    static Optional<Inventory> load(Path file, PrintWriter err) {
        try {
            return Optional.of(InventoryLoader.load(file));
        } catch (InventoryException e) {
            for (InventoryError error : e.errors()) {
                err.println(error);
            }
            err.flush();
            return Optional.empty();
        }
    }
}
