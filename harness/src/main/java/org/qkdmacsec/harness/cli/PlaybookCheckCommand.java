package org.qkdmacsec.harness.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.qkdmacsec.controller.cli.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code playbook check}: the playbook and its fit to the inventory, without running anything. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {
            "Check a playbook without running it: its syntax (every problem as file:line:col: field: problem),",
            "and that every target names links of the inventory and every fault can be injected (only with --lab,",
            "only into what the lab simulates). Nothing is started or contacted.",
            ""},
        footer = {"", "Exit codes: 0 fine, 2 problems (listed on stderr)."})
final class PlaybookCheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PlaybookOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return options.load(spec.commandLine().getErr()).map(l -> {
            out.println(options.playbookFile + ": playbook " + l.playbook().name() + " fits " + options.inventory.file()
                    + (options.lab ? " (embedded lab)" : " (real devices)"));
            out.flush();
            return Main.OK;
        }).orElse(Main.USAGE);
    }
}
