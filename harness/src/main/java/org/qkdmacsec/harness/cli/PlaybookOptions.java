package org.qkdmacsec.harness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.controller.cli.InventoryOptions;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.config.ConfigError;
import org.qkdmacsec.harness.lab.LabException;
import org.qkdmacsec.harness.playbook.Playbook;
import org.qkdmacsec.harness.playbook.PlaybookCheck;
import org.qkdmacsec.harness.playbook.PlaybookLoader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code playbook run} and {@code playbook check} share: the files, the mode, the variables. */
final class PlaybookOptions {
    @Parameters(index = "0", paramLabel = "FILE", description = "The playbook (YAML, docs/playbooks.md).")
    Path playbookFile;

    @ArgGroup(exclusive = false, multiplicity = "1")
    InventoryOptions inventory;

    @Option(names = "--lab", description = "Against the embedded lab: the inventory's lab: simulators, started in this process,"
            + " on simulated time (needed for fault steps). Without it: the devices the inventory names, on real time.")
    boolean lab;

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "Value for a variable the playbook declares under vars: (repeatable).")
    Map<String, String> vars = new LinkedHashMap<>();

    /** The inventory and the playbook checked against it; problems are printed and empty returned. */
    Optional<Loaded> load(PrintWriter err) {
        Optional<Inventory> loaded = inventory.load(err);
        if (loaded.isEmpty()) {
            return Optional.empty();
        }
        try {
            Playbook playbook = PlaybookLoader.load(playbookFile, vars);
            if (lab) {
                PlaybookCheck.forLab(playbook, loaded.get());
            } else {
                PlaybookCheck.forDevices(playbook, loaded.get());
            }
            return Optional.of(new Loaded(loaded.get(), playbook));
        } catch (ConfigException e) {
            e.errors().stream().map(ConfigError::toString).forEach(err::println);
        } catch (LabException e) {
            err.println(e.getMessage());
        }
        err.flush();
        return Optional.empty();
    }

    record Loaded(Inventory inventory, Playbook playbook) { }
}
