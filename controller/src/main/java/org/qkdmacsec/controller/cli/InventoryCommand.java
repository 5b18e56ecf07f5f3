package org.qkdmacsec.controller.cli;

import picocli.CommandLine.Command;

/** {@code qkd-macsec inventory …}: check and show inventories. */
@Command(name = "inventory", description = "Check and show inventories (docs/inventory.md).",
        mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {InventoryCheckCommand.class, InventoryShowCommand.class})
final class InventoryCommand {
}
