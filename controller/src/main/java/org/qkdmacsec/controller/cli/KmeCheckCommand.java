package org.qkdmacsec.controller.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.kme.KmeClient;
import org.qkdmacsec.controller.kme.KmeException;
import org.qkdmacsec.controller.kme.QkdKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kme check}: the commissioning check of a link's key supply. Fetches one fresh key through the
 * ENC-side KME ({@code enc_keys}) and the same key by key_ID through the other side's KME
 * ({@code dec_keys}), compares them in constant time and prints {@code match} or {@code MISMATCH} with the
 * key_ID. The key is used up by the check and wiped.
 */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Fetch one key through the link's ENC-side KME and the same key through the other side's KME,",
            "compare them and print match or MISMATCH with the key_ID (the key itself is never shown; it is used up).",
            "Exit code 0 on match, 1 on MISMATCH or a KME failure, 2 for inventory or usage errors."})
final class KmeCheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--inventory", required = true, paramLabel = "FILE", description = "Inventory YAML file.")
    Path inventoryFile;

    @Option(names = "--link", required = true, paramLabel = "LINK", description = "Link id, device:interface, or an unambiguous interface.")
    String linkRef;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Optional<Inventory> loaded = InventoryFiles.load(inventoryFile, err);
        if (loaded.isEmpty()) {
            return Main.USAGE;
        }
        Inventory inv = loaded.get();
        Optional<Link> found = InventoryFiles.link(inv, linkRef, err);
        if (found.isEmpty()) {
            return Main.USAGE;
        }
        Link link = found.get();
        String encKme = link.enc().kme();
        String decKme = link.dec().kme();
        List<QkdKey> enc = List.of();
        List<QkdKey> dec = List.of();
        try (KmeClient a = KmeClient.open(inv.kmeOf(link.enc())); KmeClient b = KmeClient.open(inv.kmeOf(link.dec()))) {
            enc = a.encKeys(link.dec().saeId(), 1, link.keySizeBits());
            String keyId = enc.get(0).keyId();
            dec = b.decKeys(link.enc().saeId(), List.of(keyId), link.keySizeBits());
            boolean match = enc.get(0).key().contentEquals(dec.get(0).key());
            report(link, keyId, match, encKme, decKme);
            return match ? Main.OK : Main.FAILED;
        } catch (KmeException e) {
            err.println(link.id() + ": " + e.getMessage());
            err.flush();
            return e.kind() == KmeException.Kind.CONFIG ? Main.USAGE : Main.FAILED;
        } finally {
            QkdKey.closeAll(enc);
            QkdKey.closeAll(dec);
        }
    }

    private void report(Link link, String keyId, boolean match, String encKme, String decKme) {
        PrintWriter out = spec.commandLine().getOut();
        if (output == OutputFormat.json) {
            Json.print(out, Json.object().put("link", link.id()).put("result", match ? "match" : "MISMATCH")
                    .put("key_ID", keyId).put("enc_kme", encKme).put("dec_kme", decKme)
                    .put("key_size", link.keySizeBits()));
        } else {
            out.println(link.id() + ": " + (match ? "match" : "MISMATCH") + " key_ID " + keyId
                    + " (" + encKme + " enc_keys -> " + decKme + " dec_keys, " + link.keySizeBits() + " bits)");
            out.flush();
        }
    }
}
