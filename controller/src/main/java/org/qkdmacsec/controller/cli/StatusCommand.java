package org.qkdmacsec.controller.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.qkdmacsec.controller.api.LinkJson;
import org.qkdmacsec.controller.api.LinkReport;
import org.qkdmacsec.config.Durations;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.journal.Journal;
import org.qkdmacsec.controller.journal.JournalDatabase;
import org.qkdmacsec.controller.journal.JournalException;
import org.qkdmacsec.controller.journal.LinkStateRecord;
import org.qkdmacsec.controller.journal.TxnRecord;
import picocli.CommandLine.ArgGroup;
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
            "  ENDS         device:interface of side A <-> side B (with --inventory, which also adds",
            "               the links never rolled yet)",
            "  ACTIVE CKN   first 12 hex digits of the CKN in service (the CKN is SHA-256 of the key_ID)",
            "  KEY_ID       the KME key_ID of the key in service, as both interface descriptions name it",
            "               ([qkd key_ID … ckn …] after the operator's own text; docs/operations.md)",
            "  KEY AGE      how long that key has been in service",
            "  NEXT START   start-time of the next staged key (UTC), '-' when none",
            "  LAST RESULT  state of the newest transaction: DONE, ABORTED <reason>, FAILED <reason>",
            "  LAST OK      when the newest successful rollover finished",
            "The devices are the truth; `qkd-macsec plan` reads them live. With --api, the same",
            "table comes from a running daemon's HTTP API (it also shows runs in progress and holds).",
            "-o json prints one link object per link, the same contract as the API's",
            "(docs/schema/link.schema.json); what only the daemon knows is null here.",
            ""},
        footer = {"", "Exit codes: 0 ok, 1 the journal could not be read, 2 usage or inventory error."})
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Optional: adds link ends and links never rolled yet. */
    @ArgGroup(exclusive = false)
    InventoryOptions inventory;

    @Option(names = "--link", paramLabel = "LINK", description = "Only this link.")
    String linkRef;

    @Mixin
    OutputOptions output;

    @Mixin
    ApiOptions api;

    @Mixin
    JournalOptions journal;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (api.given()) {
            return ApiStatus.print(api, Optional.ofNullable(journal.dataDir), Optional.ofNullable(linkRef), output.format(), out, err);
        }
        Optional<Inventory> inv = Optional.empty();
        if (inventory != null) {
            inv = inventory.load(err);
            if (inv.isEmpty()) {
                return Main.USAGE;
            }
        }
        String linkId = linkRef;
        if (linkRef != null && inv.isPresent()) {
            Optional<Link> found = InventoryOptions.link(inv.get(), linkRef, err);
            if (found.isEmpty()) {
                return Main.USAGE;
            }
            linkId = found.get().id();
        }
        Map<String, Optional<LinkStateRecord>> rows = new LinkedHashMap<>();
        List<TxnRecord> unfinished;
        try (JournalDatabase db = journal.open()) {
            Journal j = new Journal(db, clock, "status");
            inv.ifPresent(i -> i.links().forEach(l -> rows.put(l.id(), Optional.empty())));
            j.linkStates().forEach(s -> rows.put(s.linkId(), Optional.of(s)));
            unfinished = j.unfinished();
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
        if (output.json()) {
            ArrayNode a = Json.MAPPER.createArrayNode();
            rows.forEach((id, s) -> a.add(LinkJson.write(report(id, s, inventory, unfinished), now)));
            Json.print(out, a);
            return Main.OK;
        }
        Table t = new Table("LINK", "ENDS", "ACTIVE CKN", "KEY_ID", "KEY AGE", "NEXT START", "LAST RESULT", "LAST OK");
        rows.forEach((id, s) -> t.row(id, ends(id, inventory), s.flatMap(LinkStateRecord::activeCkn).map(Results::shortCkn).orElse("-"),
                s.flatMap(LinkStateRecord::activeKeyId).orElse("-"),
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
        return inv.flatMap(i -> i.link(linkId))
                .map(l -> l.a().address() + " <-> " + l.b().address()).orElse("-");
    }

    /** What the journal and the inventory say about a link, in the link contract the daemon's API uses too. */
    static LinkReport report(String id, Optional<LinkStateRecord> s, Optional<Inventory> inv, List<TxnRecord> unfinished) {
        Optional<Link> l = inv.flatMap(i -> i.link(id));
        return LinkReport.fromJournal(id, l.map(x -> new LinkReport.Ends(x.a().address(), x.b().address())),
                l.map(x -> new LinkReport.Schedule(x.schedule().interval(), x.schedule().jitter(), Optional.empty())), s,
                unfinished.stream().filter(t -> t.linkId().equals(id)).findFirst());
    }
}
