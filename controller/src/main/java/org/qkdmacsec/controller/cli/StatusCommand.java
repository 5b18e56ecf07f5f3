package org.qkdmacsec.controller.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.qkdmacsec.controller.inventory.Durations;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.journal.Journal;
import org.qkdmacsec.controller.journal.JournalDatabase;
import org.qkdmacsec.controller.journal.JournalException;
import org.qkdmacsec.controller.journal.LinkStateRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code status}: what the journal knows about each link. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {
            "Show each link's current key as the journal last recorded it. Columns:",
            "  LINK         link id",
            "  ENDS         device:interface of side A <-> side B (with --inventory)",
            "  ACTIVE CKN   first 12 hex digits of the CKN in service (the CKN is SHA-256 of the key_ID)",
            "  KEY AGE      how long that key has been in service",
            "  NEXT START   start-time of the next staged key (UTC), '-' when none",
            "  LAST RESULT  state of the newest transaction: DONE, ABORTED <reason>, FAILED <reason>",
            "  LAST OK      when the newest successful rollover finished",
            "The devices are the truth; `qkd-macsec plan` reads them live. With --api, the same",
            "table comes from a running daemon's HTTP API (it also shows runs in progress and holds).",
            ""},
        footer = {"", "Exit codes: 0 ok, 1 the journal could not be read, 2 usage or inventory error."})
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--inventory", paramLabel = "FILE", description = "Inventory YAML file: adds link ends and links never rolled yet.")
    Path inventoryFile;

    @Option(names = "--link", paramLabel = "LINK", description = "Only this link.")
    String linkRef;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Option(names = "--api", paramLabel = "URL", description = "Read from a running daemon's HTTP API instead of the journal,"
            + " e.g. http://127.0.0.1:9464.")
    String apiUrl;

    @Option(names = "--token", paramLabel = "REF", description = "Bearer token for --api as env:NAME or file:PATH.")
    String token;

    @Mixin
    JournalOptions journal;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (apiUrl != null) {
            return ApiStatus.print(apiUrl, Optional.ofNullable(token), Optional.ofNullable(linkRef), output, out, err);
        }
        Optional<Inventory> inv = Optional.empty();
        if (inventoryFile != null) {
            inv = InventoryFiles.load(inventoryFile, err);
            if (inv.isEmpty()) {
                return Main.USAGE;
            }
        }
        String linkId = linkRef;
        if (linkRef != null && inv.isPresent()) {
            Optional<Link> found = InventoryFiles.link(inv.get(), linkRef, err);
            if (found.isEmpty()) {
                return Main.USAGE;
            }
            linkId = found.get().id();
        }
        Map<String, Optional<LinkStateRecord>> rows = new LinkedHashMap<>();
        try (JournalDatabase db = journal.open()) {
            Journal j = new Journal(db, clock, "status");
            inv.ifPresent(i -> i.links().forEach(l -> rows.put(l.id(), Optional.empty())));
            j.linkStates().forEach(s -> rows.put(s.linkId(), Optional.of(s)));
        } catch (JournalException e) {
            err.println(e.getMessage());
            err.flush();
            return Main.FAILED;
        }
        if (linkId != null) {
            String only = linkId;
            rows.keySet().removeIf(k -> !k.equals(only));
            if (rows.isEmpty()) {
                err.println("no link '" + only + "' in the journal" + (inv.isPresent() ? " or the inventory" : " (pass --inventory to resolve interface names)"));
                err.flush();
                return Main.USAGE;
            }
        }
        Instant now = clock.instant();
        Optional<Inventory> inventory = inv;
        if (output == OutputFormat.json) {
            ArrayNode a = Json.MAPPER.createArrayNode();
            rows.forEach((id, s) -> a.add(json(id, s, inventory, now)));
            Json.print(out, a);
            return Main.OK;
        }
        Table t = new Table("LINK", "ENDS", "ACTIVE CKN", "KEY AGE", "NEXT START", "LAST RESULT", "LAST OK");
        rows.forEach((id, s) -> t.row(id, ends(id, inventory), s.flatMap(LinkStateRecord::activeCkn).map(Results::shortCkn).orElse("-"),
                s.flatMap(LinkStateRecord::activeSince).map(since -> Durations.format(Duration.between(since, now).withNanos(0))).orElse("-"),
                s.flatMap(LinkStateRecord::nextStart).map(Instant::toString).orElse("-"),
                s.map(StatusCommand::lastResult).orElse("never rolled"),
                s.flatMap(LinkStateRecord::lastSuccessAt).map(Instant::toString).orElse("-")));
        t.print(out);
        return Main.OK;
    }

    private static String lastResult(LinkStateRecord s) {
        String r = s.lastResult().orElse("-");
        return s.lastReason().map(x -> r + " " + x.split(":", 2)[0]).orElse(r);
    }

    private static String ends(String linkId, Optional<Inventory> inv) {
        return inv.flatMap(i -> i.links().stream().filter(l -> l.id().equals(linkId)).findFirst())
                .map(l -> l.a().address() + " <-> " + l.b().address()).orElse("-");
    }

    private static ObjectNode json(String id, Optional<LinkStateRecord> s, Optional<Inventory> inv, Instant now) {
        ObjectNode o = Json.object();
        o.put("link", id);
        inv.flatMap(i -> i.links().stream().filter(l -> l.id().equals(id)).findFirst()).ifPresent((Link l) -> {
            o.put("a", l.a().address());
            o.put("b", l.b().address());
        });
        s.ifPresent(r -> {
            r.activeCkn().ifPresent(c -> o.put("active_ckn", c));
            r.activeKeyId().ifPresent(k -> o.put("active_key_id", k));
            r.activeSince().ifPresent(t -> {
                o.put("active_since", t.toString());
                o.put("key_age_seconds", Duration.between(t, now).toSeconds());
            });
            r.nextStart().ifPresent(t -> o.put("next_start", t.toString()));
            o.put("future_keys", r.futureSlots());
            r.lastTxnId().ifPresent(t -> o.put("last_txn", t));
            r.lastResult().ifPresent(x -> o.put("last_result", x));
            r.lastReason().ifPresent(x -> o.put("last_reason", x));
            r.lastSuccessAt().ifPresent(t -> o.put("last_success", t.toString()));
        });
        if (s.isEmpty()) {
            o.put("last_result", "never rolled");
        }
        return o;
    }
}
