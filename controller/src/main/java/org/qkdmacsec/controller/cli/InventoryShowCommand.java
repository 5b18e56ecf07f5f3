package org.qkdmacsec.controller.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.qkdmacsec.config.Durations;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Link;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code inventory show FILE}: the links of an inventory, defaults filled in. */
@Command(name = "show", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Show the links of an inventory with every default filled in.",
            "-o json prints devices, KMEs, links and the lab section (secrets only as env:/file: references)."})
final class InventoryShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Inventory YAML file.")
    Path file;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Optional<Inventory> loaded = InventoryOptions.load(file, spec.commandLine().getErr());
        if (loaded.isEmpty()) {
            return Main.USAGE;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Json.print(out, InventoryJson.of(loaded.get()));
            return Main.OK;
        }
        Table t = new Table("LINK", "SIDE A", "SIDE B", "ENC", "KMES (A/B)", "CIPHER", "INTERVAL", "JITTER", "LEAD",
                "OVERLAP", "SLOTS", "KEY CHAIN", "DERIVATION");
        for (Link l : loaded.get().links()) {
            t.row(l.id(), l.a().address(), l.b().address(), l.encSide().label(), l.a().kme() + "/" + l.b().kme(),
                    l.cipher().wireName(), Durations.format(l.schedule().interval()), Durations.format(l.schedule().jitter()),
                    Durations.format(l.lead()), Durations.format(l.overlap()), l.keyringSlots(), l.keyChain(),
                    l.keyDerivation().method().id());
        }
        t.print(out);
        return Main.OK;
    }
}
