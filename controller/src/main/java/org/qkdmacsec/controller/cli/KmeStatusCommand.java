package org.qkdmacsec.controller.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Kme;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.inventory.LinkLookupException;
import org.qkdmacsec.controller.inventory.LinkSide;
import org.qkdmacsec.controller.kme.KmeClient;
import org.qkdmacsec.controller.kme.KmeException;
import org.qkdmacsec.controller.kme.KmeStatus;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kme status}: the ETSI Status of a KME towards each peer SAE it serves in the inventory, or of
 * a link's ENC-side KME towards the link's other SAE.
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Show ETSI Status (stored keys, limits) of one KME or of a link's ENC-side KME.",
            "With --kme: one row per peer SAE that KME serves in the inventory's links (or --peer).",
            "Exit code 0 when every KME answered, 1 when one failed, 2 for inventory or usage errors."})
final class KmeStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = false, multiplicity = "1")
    InventoryOptions inventory;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--kme", paramLabel = "ID", description = "A KME id from the inventory.")
        String kme;

        @Option(names = "--link", paramLabel = "LINK", description = "Link id, device:interface, or an unambiguous interface.")
        String link;
    }

    @Option(names = "--peer", paramLabel = "SAE_ID", description = "With --kme: the peer (slave) SAE to ask about.")
    String peer;

    @Mixin
    OutputOptions output;

    private record Query(Kme kme, String peerSae) { }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Optional<Inventory> loaded = inventory.load(err);
        if (loaded.isEmpty()) {
            return Main.USAGE;
        }
        Inventory inv = loaded.get();
        List<Query> queries;
        try {
            queries = queries(inv);
        } catch (LinkLookupException | IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return Main.USAGE;
        }
        ArrayNode rows = Json.MAPPER.createArrayNode();
        Table table = new Table("KME", "SAE", "PEER SAE", "STORED", "MAX", "PER REQUEST", "KEY SIZE", "RESULT");
        int code = Main.OK;
        for (Query q : queries) {
            ObjectNode row = rows.addObject().put("kme", q.kme().id()).put("peer_SAE_ID", q.peerSae());
            try (KmeClient client = KmeClient.open(q.kme())) {
                KmeStatus s = client.status(q.peerSae());
                row.put("ok", true).set("status", Json.object().put("source_KME_ID", s.sourceKmeId())
                        .put("target_KME_ID", s.targetKmeId()).put("master_SAE_ID", s.masterSaeId())
                        .put("slave_SAE_ID", s.slaveSaeId()).put("key_size", s.keySize())
                        .put("stored_key_count", s.storedKeyCount()).put("max_key_count", s.maxKeyCount())
                        .put("max_key_per_request", s.maxKeyPerRequest()).put("max_key_size", s.maxKeySize())
                        .put("min_key_size", s.minKeySize()).put("max_SAE_ID_count", s.maxSaeIdCount()));
                table.row(q.kme().id(), s.masterSaeId(), s.slaveSaeId(), s.storedKeyCount(), s.maxKeyCount(),
                        s.maxKeyPerRequest(), s.keySize(), "ok");
            } catch (KmeException e) {
                code = Math.max(code, e.kind() == KmeException.Kind.CONFIG ? Main.USAGE : Main.FAILED);
                row.put("ok", false).put("error", e.kind().name()).put("message", e.getMessage());
                table.row(q.kme().id(), q.kme().saeId().orElse("-"), q.peerSae(), "-", "-", "-", "-", e.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Json.print(out, Json.object().set("status", rows));
        } else {
            table.print(out);
        }
        return code;
    }

    private List<Query> queries(Inventory inv) {
        if (target.link != null) {
            Link l = inv.resolveLink(target.link);
            return List.of(new Query(inv.kmeOf(l.enc()), l.dec().saeId()));
        }
        Kme kme = inv.kme(target.kme).orElseThrow(() -> new IllegalArgumentException("no KME '" + target.kme + "' in "
                + inv.source() + " (KMEs: " + String.join(", ", inv.kmes().stream().map(Kme::id).toList()) + ")"));
        if (peer != null) {
            return List.of(new Query(kme, peer));
        }
        Set<String> peers = new LinkedHashSet<>();
        for (Link l : inv.links()) {
            for (LinkSide side : List.of(l.a(), l.b())) {
                if (side.kme().equals(kme.id())) {
                    peers.add((side == l.a() ? l.b() : l.a()).saeId());
                }
            }
        }
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("KME '" + kme.id() + "' serves no link in " + inv.source()
                    + ": name the peer SAE with --peer");
        }
        List<Query> out = new ArrayList<>();
        peers.forEach(p -> out.add(new Query(kme, p)));
        return out;
    }
}
