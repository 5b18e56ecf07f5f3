package org.qkdmacsec.controller.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.config.ConfigError;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.controller.inventory.InventoryLoader;
import org.qkdmacsec.controller.kme.SaeIdentityCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code inventory check FILE…}: validates inventories, listing every problem as file:line:col. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Validate inventory files and list every problem as file:line:col: field: problem (hint).",
            "Also warns (FILE: warning: ...) when a KME entry's client certificate does not carry the SAE ID used with it",
            "(KMEs commonly take the SAE ID from the certificate's CN). Exit code 0 when all are valid, 2 otherwise."})
final class InventoryCheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Inventory YAML files.")
    List<Path> files;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ArrayNode results = Json.MAPPER.createArrayNode();
        boolean allValid = true;
        for (Path file : files) {
            ObjectNode r = results.addObject().put("file", file.toString());
            try {
                Inventory inv = InventoryLoader.load(file);
                r.put("valid", true).put("devices", inv.devices().size()).put("kmes", inv.kmes().size())
                        .put("links", inv.links().size());
                List<String> warnings = SaeIdentityCheck.warnings(inv);
                ArrayNode w = r.putArray("warnings");
                warnings.forEach(w::add);
                if (!output.json()) {
                    out.printf("%s: ok (%s, %s, %s)%n", file, count(inv.devices().size(), "device"),
                            count(inv.kmes().size(), "KME"), count(inv.links().size(), "link"));
                    warnings.forEach(m -> out.println(file + ": warning: " + m));
                }
            } catch (ConfigException e) {
                allValid = false;
                ArrayNode errors = r.put("valid", false).putArray("errors");
                for (ConfigError error : e.errors()) {
                    errors.addObject().put("line", error.line()).put("column", error.column()).put("field", error.field())
                            .put("problem", error.problem()).put("hint", error.hint());
                    if (!output.json()) {
                        out.println(error);
                    }
                }
            }
        }
        if (output.json()) {
            ObjectNode root = Json.object();
            root.set("files", results);
            Json.print(out, root);
        }
        out.flush();
        return allValid ? Main.OK : Main.USAGE;
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
