package org.qkdmacsec.controller.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.qkdmacsec.controller.api.LinkJson;
import org.qkdmacsec.controller.engine.EngineEvents;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.journal.Journal;

/**
 * The one door for commands built outside this package (the harness's demo, lab and playbook): they
 * load inventories, print progress and render results exactly as the product's commands do, while
 * the helpers behind this class stay package-private.
 */
public final class CommandSupport {
    private CommandSupport() {
    }

    /** The inventory, or empty with every problem printed to {@code err}. */
    public static Optional<Inventory> loadInventory(Path file, PrintWriter err) {
        return InventoryOptions.load(file, err);
    }

    /** For commands that print their own progress lines: silences the duplicate step events in the log. */
    public static void progressOnTerminal() {
        Logging.progressOnTerminal();
    }

    /** One line per finished engine step, as {@code rollover} prints it. */
    public static void progress(PrintWriter err, EngineEvents.StepEvent e, Clock clock) {
        Results.progress(err, e, clock);
    }

    /** A rollover result as {@code rollover -o json} gives it. */
    public static ObjectNode resultJson(RolloverResult r) {
        return Results.json(r);
    }

    /** A CKN shortened for a table cell. */
    public static String shortCkn(String ckn) {
        return Results.shortCkn(ckn);
    }

    /**
     * A link as {@code status -o json} gives it (docs/schema/link.schema.json), from what {@code journal}
     * recorded and the inventory, at {@code now}.
     */
    public static ObjectNode linkStatusJson(Inventory inventory, String linkId, Journal journal, Instant now) {
        return LinkJson.write(StatusCommand.report(linkId, journal.linkState(linkId), Optional.of(inventory), journal.unfinished()), now);
    }

    public static ObjectNode jsonObject() {
        return Json.object();
    }

    /** Pretty JSON on {@code out}, as every {@code -o json} prints it. */
    public static void printJson(PrintWriter out, Object node) {
        Json.print(out, node);
    }
}
