package org.qkdmacsec.controller.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.qkdmacsec.controller.engine.RolloverRequest;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.journal.JournalException;
import org.qkdmacsec.controller.runtime.ControllerRuntime;
import org.qkdmacsec.controller.runtime.LinkSpecs;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code plan}: what a rollover of each link would do, without doing it. */
@Command(name = "plan", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {
            "Read both ends of every link (or one), run the preflight gates, and say what a rollover",
            "would add and retire. Nothing is staged, no KME key is consumed, nothing is journalled.",
            ""},
        footer = {"", "Exit codes: 0 every link ready, 3 some links refused by a gate, 1 all refused, 2 usage or inventory error."})
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = false, multiplicity = "1")
    InventoryOptions inventory;

    @Option(names = "--link", paramLabel = "LINK", description = "Only this link (id, device:interface or interface).")
    String linkRef;

    @Mixin
    OutputOptions output;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Inventory> loaded = inventory.load(err);
        if (loaded.isEmpty()) {
            return Main.USAGE;
        }
        Optional<Link> one = linkRef == null ? Optional.empty() : InventoryOptions.link(loaded.get(), linkRef, err);
        if (linkRef != null && one.isEmpty()) {
            return Main.USAGE;
        }
        List<Link> links = one.map(List::of).orElse(loaded.get().links());
        try (ControllerRuntime rt = runtime.open(loaded.get())) {
            List<CompletableFuture<RolloverResult>> futures = new ArrayList<>();
            for (Link l : links) {
                futures.add(rt.engine().submit(new RolloverRequest(LinkSpecs.of(loaded.get(), l), true, Optional.empty(), RolloverRequest.Mode.PLAN)));
            }
            List<RolloverResult> results = futures.stream().map(CompletableFuture::join).toList();
            if (output.json()) {
                ArrayNode a = Json.MAPPER.createArrayNode();
                results.forEach(r -> a.add(Results.json(r)));
                Json.print(out, a);
            } else {
                Table t = new Table("LINK", "READY", "PLAN");
                results.forEach(r -> t.row(r.linkId(), r.ok() ? "yes" : "no: " + r.reason().map(Enum::name).orElse("?"), r.message()));
                t.print(out);
            }
            long ok = results.stream().filter(RolloverResult::ok).count();
            return ok == results.size() ? Main.OK : ok == 0 ? Main.FAILED : Main.PARTIAL;
        } catch (JournalException | IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return Main.FAILED;
        }
    }
}
