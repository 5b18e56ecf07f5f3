package org.qkdmacsec.controller.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Kme;
import org.qkdmacsec.controller.inventory.KmeStatusMode;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.kme.KmeClient;
import org.qkdmacsec.controller.kme.KmeException;
import org.qkdmacsec.controller.kme.QkdKey;
import org.qkdmacsec.controller.kme.SaeIdentityCheck;
import org.qkdmacsec.controller.kme.StatusAnswer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kme check}: the commissioning check of a link's key supply. Shows what each KME's {@code /status}
 * really returns and what its {@code status:} mode makes of it, compares each side's SAE ID with its client
 * certificate, then fetches one fresh key through the ENC-side KME ({@code enc_keys}) and the same key by
 * key_ID through the other side's KME ({@code dec_keys}), compares them in constant time and prints
 * {@code match} or {@code MISMATCH} with the key_ID. The key is used up by the check and wiped.
 */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Ask both KMEs of a link for their /status (and say what the status: mode makes of the answer),",
            "compare each side's SAE ID with its client certificate, then fetch one key through the ENC-side KME and the",
            "same key through the other side's KME, compare them and print match or MISMATCH with the key_ID (the key",
            "itself is never shown; it is used up). Deviations the controller works around are printed as warnings.",
            "Exit code 0 on match, 1 on MISMATCH, a KME failure or a status: gate that would stop a rollover,",
            "2 for inventory or usage errors."})
final class KmeCheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = false, multiplicity = "1")
    InventoryOptions inventory;

    @Option(names = "--link", required = true, paramLabel = "LINK", description = "Link id, device:interface, or an unambiguous interface.")
    String linkRef;

    @Mixin
    OutputOptions output;

    /** One side's status, as shown. */
    private record StatusLine(String kme, String peer, KmeStatusMode mode, String answer, String verdict, boolean blocks) { }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Optional<Inventory> loaded = inventory.load(err);
        if (loaded.isEmpty()) {
            return Main.USAGE;
        }
        Inventory inv = loaded.get();
        Optional<Link> found = InventoryOptions.link(inv, linkRef, err);
        if (found.isEmpty()) {
            return Main.USAGE;
        }
        Link link = found.get();
        Kme encKme = inv.kmeOf(link.enc());
        Kme decKme = inv.kmeOf(link.dec());
        List<String> warnings = new ArrayList<>();
        SaeIdentityCheck.warning(encKme, link.enc().saeId()).ifPresent(warnings::add);
        SaeIdentityCheck.warning(decKme, link.dec().saeId()).ifPresent(warnings::add);
        List<QkdKey> enc = List.of();
        List<QkdKey> dec = List.of();
        try (KmeClient a = KmeClient.open(encKme, w -> add(warnings, w.message()));
             KmeClient b = KmeClient.open(decKme, w -> add(warnings, w.message()))) {
            List<StatusLine> status = List.of(status(a, encKme, link.dec().saeId(), link.enc().saeId(), warnings),
                    status(b, decKme, link.enc().saeId(), link.dec().saeId(), warnings));
            enc = a.encKeys(link.dec().saeId(), 1, link.keySizeBits());
            String keyId = enc.get(0).keyId();
            dec = b.decKeys(link.enc().saeId(), List.of(keyId), link.keySizeBits());
            boolean match = enc.get(0).key().contentEquals(dec.get(0).key());
            report(link, keyId, match, status, warnings);
            return match && status.stream().noneMatch(StatusLine::blocks) ? Main.OK : Main.FAILED;
        } catch (KmeException e) {
            err.println(link.id() + ": " + e.getMessage());
            warnings.forEach(w -> err.println("  warning: " + w));
            err.flush();
            return e.kind() == KmeException.Kind.CONFIG ? Main.USAGE : Main.FAILED;
        } finally {
            QkdKey.closeAll(enc);
            QkdKey.closeAll(dec);
        }
    }

    private static void add(List<String> warnings, String w) {
        synchronized (warnings) {
            if (!warnings.contains(w)) {
                warnings.add(w);
            }
        }
    }

    /** What {@code /status} returned and what the KME's mode makes of it for a rollover. */
    private static StatusLine status(KmeClient client, Kme kme, String peer, String own, List<String> warnings) {
        if (kme.statusMode() == KmeStatusMode.OFF) {
            return new StatusLine(kme.id(), peer, kme.statusMode(), "not asked", "ignored (status: off)", false);
        }
        StatusAnswer a = client.statusAnswer(peer);
        boolean gate = kme.statusMode() == KmeStatusMode.GATE;
        if (a instanceof StatusAnswer.Valid v) {
            if (!v.status().masterSaeId().equals(own)) {
                add(warnings, "KME " + kme.id() + " reports this client as SAE '" + v.status().masterSaeId()
                        + "' (master_SAE_ID), the inventory says '" + own + "': the KME takes the SAE ID from the client"
                        + " certificate, so sae-id should be '" + v.status().masterSaeId() + "'");
            }
            boolean shortCount = v.status().storedKeyCount() < 1;
            return new StatusLine(kme.id(), peer, kme.statusMode(), a.describe(), shortCount
                    ? (gate ? "a rollover would stop: no stored key (status: gate)" : "stored_key_count 0 ignored: enc_keys decides")
                    : "ok", gate && shortCount);
        }
        boolean fatal = a instanceof StatusAnswer.Failed f && switch (f.error().kind()) {
            case NOT_FOUND, BAD_REQUEST, FORBIDDEN, HTTP_ERROR, MALFORMED -> false;
            default -> true;
        };
        String verdict = fatal ? "a rollover would stop: the KME cannot be used"
                : gate ? "a rollover would stop (status: gate)" : "ignored: enc_keys decides (status: advisory)";
        return new StatusLine(kme.id(), peer, kme.statusMode(), a.describe(), verdict, fatal || gate);
    }

    private void report(Link link, String keyId, boolean match, List<StatusLine> status, List<String> warnings) {
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            ObjectNode root = Json.object().put("link", link.id()).put("result", match ? "match" : "MISMATCH")
                    .put("key_ID", keyId).put("enc_kme", link.enc().kme()).put("dec_kme", link.dec().kme())
                    .put("key_size", link.keySizeBits());
            ArrayNode st = root.putArray("status");
            status.forEach(s -> st.addObject().put("kme", s.kme()).put("peer_SAE_ID", s.peer()).put("mode", s.mode().id())
                    .put("answer", s.answer()).put("verdict", s.verdict()));
            ArrayNode w = root.putArray("warnings");
            warnings.forEach(w::add);
            Json.print(out, root);
            return;
        }
        out.println(link.id() + ": " + (match ? "match" : "MISMATCH") + " key_ID " + keyId
                + " (" + link.enc().kme() + " enc_keys -> " + link.dec().kme() + " dec_keys, " + link.keySizeBits() + " bits)");
        status.forEach(s -> out.println("  " + s.kme() + " /status (peer SAE " + s.peer() + ", status: " + s.mode().id() + "): "
                + s.answer() + " -> " + s.verdict()));
        warnings.forEach(w -> out.println("  warning: " + w));
        out.flush();
    }
}
