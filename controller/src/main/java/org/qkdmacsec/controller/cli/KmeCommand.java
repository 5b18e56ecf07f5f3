package org.qkdmacsec.controller.cli;

import picocli.CommandLine.Command;

/** {@code qkd-macsec kme …}: talk to the KMEs of an inventory. */
@Command(name = "kme", description = "Query and check the inventory's KMEs (ETSI GS QKD 014; docs/kme.md).",
        mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {KmeStatusCommand.class, KmeCheckCommand.class})
final class KmeCommand {
}
