package org.qkdmacsec.controller.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import org.qkdmacsec.controller.engine.EngineEvents;
import org.qkdmacsec.controller.engine.RolloverResult;

/** How rollover results and progress look on the terminal and in JSON (shared by rollover, plan, demo). */
final class Results {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private Results() { }

    static String shortCkn(String ckn) {
        return ckn.length() > 12 ? ckn.substring(0, 12) + "…" : ckn;
    }

    /** One line per finished step, for stderr while a command runs. */
    static void progress(PrintWriter err, EngineEvents.StepEvent e, java.time.Clock clock) {
        err.printf("%s  %-10s %-12s %-3s %6d ms  %s%s%n", CLOCK.format(clock.instant()), e.linkId(), e.step(),
                e.side().orElse(""), e.duration().toMillis(), e.outcome(), e.detail().isEmpty() ? "" : "  " + e.detail());
        err.flush();
    }

    /** The final line: {@code LINK: STATE [REASON] — message}, then notes indented. */
    static void line(PrintWriter out, RolloverResult r) {
        out.println(r.linkId() + ": " + r.state() + r.reason().map(x -> " " + x).orElse("") + " — " + r.message());
        r.notes().forEach(n -> out.println("  note: " + n));
        r.diffs().forEach((device, diff) -> {
            out.println("  --- " + device + " (configuration diff, secrets masked) ---");
            diff.lines().forEach(l -> out.println("  " + l));
        });
        out.flush();
    }

    static ObjectNode json(RolloverResult r) {
        ObjectNode o = Json.object();
        o.put("link", r.linkId());
        r.txnId().ifPresent(t -> o.put("txn", t));
        o.put("state", r.state().name());
        r.reason().ifPresent(x -> o.put("reason", x.name()));
        o.put("message", r.message());
        ArrayNode ckns = o.putArray("new_ckns");
        r.newCkns().forEach(ckns::add);
        r.start().ifPresent(s -> o.put("start", s.toString()));
        r.lead().ifPresent(l -> o.put("lead_seconds", l.toMillis() / 1000.0));
        o.put("duration_ms", r.duration().toMillis());
        ArrayNode notes = o.putArray("notes");
        r.notes().forEach(notes::add);
        if (!r.diffs().isEmpty()) {
            ObjectNode diffs = o.putObject("diffs");
            r.diffs().forEach(diffs::put);
        }
        return o;
    }
}
