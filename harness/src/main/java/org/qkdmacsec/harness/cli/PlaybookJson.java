package org.qkdmacsec.harness.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Locale;
import org.qkdmacsec.controller.cli.CommandSupport;
import org.qkdmacsec.harness.playbook.CaseResult;
import org.qkdmacsec.harness.playbook.PlaybookReport;

/**
 * {@code playbook run -o json}: the report as one object (docs/schema/playbook-report.schema.json), numbers
 * with their unit in the key, each rollover case's result as {@code rollover -o json} gives it.
 */
final class PlaybookJson {
    private PlaybookJson() {
    }

    static ObjectNode of(PlaybookReport r) {
        ObjectNode o = CommandSupport.jsonObject();
        o.put("playbook", r.playbook()).put("source", r.source()).put("description", r.description()).put("inventory", r.inventory())
                .put("mode", r.mode()).put("started_at", r.startedAt().toString()).put("ok", r.ok())
                .put("wall_seconds", seconds(r.wall()));
        r.simulated().ifPresentOrElse(d -> o.put("simulated_seconds", seconds(d)), () -> o.putNull("simulated_seconds"));
        ObjectNode counts = o.putObject("counts");
        for (CaseResult.Status s : CaseResult.Status.values()) {
            counts.put(s.name().toLowerCase(Locale.ROOT), r.count(s));
        }
        ArrayNode notes = o.putArray("notes");
        r.notes().forEach(notes::add);
        ArrayNode cases = o.putArray("cases");
        for (CaseResult c : r.cases()) {
            ObjectNode x = cases.addObject().put("step", c.step()).put("target", c.target()).put("status", c.status().name())
                    .put("message", c.message()).put("type", c.type()).put("wall_seconds", seconds(c.wall()))
                    .put("simulated_seconds", seconds(c.simulated()));
            c.outageSeconds().ifPresentOrElse(s -> x.put("outage_seconds", s), () -> x.putNull("outage_seconds"));
            c.rollover().ifPresentOrElse(res -> x.set("rollover", CommandSupport.resultJson(res)), () -> x.putNull("rollover"));
        }
        return o;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
