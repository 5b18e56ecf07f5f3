package org.qkdmacsec.harness.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.qkdmacsec.config.Durations;
import org.qkdmacsec.controller.cli.CommandSupport;
import org.qkdmacsec.controller.cli.Table;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Link;

/**
 * What {@code demo} reports: a table and a summary for the operator, or with {@code -o json} one object
 * (docs/schema/demo.schema.json) whose numbers carry their unit in the key, whose rollover results are
 * those of {@code rollover -o json} and whose link status is that of {@code status -o json}.
 */
final class DemoReport {
    private DemoReport() {
    }

    /**
     * What each end's interface description (Linux: the MACsec device's alias) names at the end of the run,
     * read from the devices, and the key_ID of the key in service per the journal.
     */
    record Described(Optional<String> a, Optional<String> b, Optional<String> active) {
        static final Described UNKNOWN = new Described(Optional.empty(), Optional.empty(), Optional.empty());

        /** Both ends name the key in service. */
        boolean ok() {
            return active.isPresent() && a.equals(active) && b.equals(active);
        }

        String text() {
            if (ok()) {
                return active.get() + " (both ends)";
            }
            return "A: " + a.orElse("-") + ", B: " + b.orElse("-");
        }
    }

    /** Pings across the real-kernel link while its keys rolled (10 ms apart). */
    record Pings(long sent, long lost) { }

    /**
     * What happened on one link.
     *
     * @param outageSeconds seconds without a secured MKA CA per the link's MKA model (simulated links)
     * @param pings         traffic across the real-kernel Linux link, the kernel's measure of hitless
     * @param status        the link as {@code status -o json} gives it at the end of the run
     */
    record LinkRun(Link link, List<RolloverResult> results, Optional<Double> outageSeconds, Optional<Pings> pings, boolean hitless,
                   ObjectNode status, Described described) {
        /** Every rollover DONE, no outage, and both descriptions name the key in service (unless the link turns them off). */
        boolean ok() {
            return results.stream().allMatch(RolloverResult::ok) && hitless && (link.description().isEmpty() || described.ok());
        }

        long done() {
            return results.stream().filter(RolloverResult::ok).count();
        }

        String outageText() {
            if (outageSeconds.isPresent()) {
                return String.format(Locale.ROOT, "%.1f s", outageSeconds.get());
            }
            return pings.map(p -> p.lost() + " of " + p.sent() + " pings lost").orElse("not keyed");
        }
    }

    /** The whole run: links, rounds, simulated and wall time, where the log lines went. */
    record Run(List<LinkRun> links, int rounds, Duration simulated, Duration wall, Optional<Path> logFile) {
        boolean ok() {
            return links.stream().allMatch(LinkRun::ok);
        }
    }

    static void json(PrintWriter out, Inventory inv, Run run) {
        ObjectNode root = CommandSupport.jsonObject();
        root.put("ok", run.ok());
        root.put("rounds", run.rounds());
        root.put("simulated_seconds", run.simulated().toSeconds());
        root.put("wall_seconds", run.wall().toMillis() / 1000.0);
        run.logFile().ifPresentOrElse(f -> root.put("log_file", f.toString()), () -> root.putNull("log_file"));
        ArrayNode links = root.putArray("links");
        for (LinkRun r : run.links()) {
            ObjectNode o = links.addObject();
            o.put("link", r.link().id());
            o.put("a", r.link().a().address());
            o.put("b", r.link().b().address());
            o.put("vendors", vendors(inv, r.link()));
            o.put("rollovers", r.results().size());
            o.put("done", r.done());
            r.outageSeconds().ifPresentOrElse(s -> o.put("outage_seconds", s), () -> o.putNull("outage_seconds"));
            r.pings().ifPresentOrElse(p -> o.put("pings_sent", p.sent()).put("pings_lost", p.lost()),
                    () -> o.putNull("pings_sent").putNull("pings_lost"));
            o.put("hitless", r.hitless());
            o.put("ok", r.ok());
            ArrayNode rs = o.putArray("results");
            r.results().forEach(x -> rs.add(CommandSupport.resultJson(x)));
            o.set("status", r.status());
            ObjectNode d = o.putObject("descriptions");
            r.described().a().ifPresentOrElse(x -> d.put("a_key_id", x), () -> d.putNull("a_key_id"));
            r.described().b().ifPresentOrElse(x -> d.put("b_key_id", x), () -> d.putNull("b_key_id"));
            d.put("name_active_key", r.described().ok());
        }
        CommandSupport.printJson(out, root);
    }

    static void table(PrintWriter out, Inventory inv, Run run) {
        Table t = new Table("LINK", "ENDS", "VENDORS", "ROLLOVERS", "LAST CKN", "KEY_ID IN DESCRIPTIONS", "OUTAGE", "RESULT");
        for (LinkRun r : run.links()) {
            String last = r.results().stream().filter(RolloverResult::ok).reduce((a, b) -> b)
                    .flatMap(x -> x.newCkns().stream().findFirst()).map(CommandSupport::shortCkn).orElse("-");
            String failed = r.results().stream().filter(x -> !x.ok()).findFirst()
                    .map(x -> x.state() + " " + x.reason().map(Enum::name).orElse("")).orElse("");
            t.row(r.link().id(), r.link().a().address() + " <-> " + r.link().b().address(), vendors(inv, r.link()),
                    r.done() + "/" + r.results().size(), last, r.described().text(), r.outageText(), r.ok() ? "ok" : "FAILED " + failed.trim());
        }
        t.print(out);
        out.printf(Locale.ROOT, "%d link(s), %d rollover(s) each (the first keys the link), %s of simulated time; %.1f s wall.%n",
                run.links().size(), run.rounds() + 1, Durations.format(run.simulated()), run.wall().toMillis() / 1000.0);
        out.println("OUTAGE: seconds without a secured MKA CA per the MKA link model, from the first key on (simulated time);");
        out.println("        for the real-kernel Linux link, pings lost across it (10 ms apart) while its keys rolled (real time).");
        out.println("KEY_ID IN DESCRIPTIONS: the key_ID both ends' interface descriptions name at the end, read from the devices");
        out.println("        (Linux: the MACsec device's alias); it is the key in service (status: KEY_ID).");
        out.println(run.ok() ? "Every rollover succeeded with 0 s outage." : "Some rollovers failed or lost traffic; see above.");
        out.flush();
    }

    private static String vendors(Inventory inv, Link l) {
        return inv.device(l.a().device()).map(d -> d.vendor().id()).orElse("?") + "-"
                + inv.device(l.b().device()).map(d -> d.vendor().id()).orElse("?");
    }
}
