package org.qkdmacsec.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.qkdmacsec.controller.cli.CommandSupport;
import org.qkdmacsec.controller.cli.Main;
import org.qkdmacsec.controller.inventory.Device;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.harness.lab.EmbeddedLab;
import org.qkdmacsec.harness.lab.LabException;
import org.qkdmacsec.lab.kme.KeyPoolSpec;
import org.qkdmacsec.lab.kme.KmeEndpoint;
import org.qkdmacsec.lab.mka.OutageTimeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lab serve}: the lab for {@code bench}, in a process of its own so that the controller's cost is
 * measured without the simulators'. Like {@code lab up} but on free ports (written as JSON to
 * {@code --ports-file}), with a key pool sized for the run, and answering on stdin: {@code stats FROM_MS}
 * prints one JSON line (commit operations per router, KME requests, each link's seconds without a
 * secured CA since FROM_MS per its MKA model); end of input stops the lab.
 */
@Command(name = "serve", hidden = true, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "The lab for qkd-macsec bench, in its own process (free ports; statistics on stdin request).")
final class LabServeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--inventory", required = true, paramLabel = "FILE")
    Path inventoryFile;

    @Option(names = "--ports-file", required = true, paramLabel = "FILE")
    Path portsFile;

    @Option(names = "--kme-keys", defaultValue = "10000", paramLabel = "N", description = "Keys each KME pair holds at start.")
    int kmeKeys;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Inventory> inv = CommandSupport.loadInventory(inventoryFile, err);
        if (inv.isEmpty()) {
            return Main.USAGE;
        }
        KeyPoolSpec pool = KeyPoolSpec.defaults().withMaxKeyCount(kmeKeys + 1_000).withInitialKeys(kmeKeys).withKeysPerSecond(1_000);
        Path state = inv.get().lab().orElseThrow().stateDir();
        try (EmbeddedLab lab = EmbeddedLab.start(inv.get(), Clock.systemUTC(), EmbeddedLab.Ports.EPHEMERAL, Optional.of(state), pool)) {
            ObjectNode ports = JSON.createObjectNode();
            for (Device d : lab.inventory().devices()) {
                ports.put(d.name(), String.valueOf(d.port()));
                Optional.ofNullable(d.options().get("gnmi-port")).ifPresent(g -> ports.put(d.name() + "/gnmi", g));
            }
            lab.inventory().kmes().forEach(k -> ports.put(k.id(), k.url().toString()));
            Path tmp = portsFile.resolveSibling(portsFile.getFileName() + ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(ports), StandardCharsets.UTF_8);
            Files.move(tmp, portsFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            out.println("ready");
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] words = line.strip().split("\\s+");
                if (words[0].equals("stats") && words.length == 2) {
                    out.println(JSON.writeValueAsString(stats(lab, Instant.ofEpochMilli(Long.parseLong(words[1])))));
                    out.flush();
                }
            }
        } catch (LabException e) {
            err.println(e.getMessage());
            err.flush();
            return Main.FAILED;
        }
        return Main.OK;
    }

    private static ObjectNode stats(EmbeddedLab lab, Instant from) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode commits = o.putObject("commits");
        for (Device d : lab.inventory().devices()) {
            lab.junos(d.name()).ifPresent(j -> commits.put(d.name(), j.commitOperations()));
            lab.iosxr(d.name()).ifPresent(x -> commits.put(d.name(), x.commitOperations()));
        }
        ObjectNode kme = o.putObject("kme");
        lab.kmeNetwork().ifPresent(n -> n.kmes().forEach(k -> kme.putObject(k.id())
                .put("enc_keys", k.requests().of(KmeEndpoint.ENC_KEYS)).put("dec_keys", k.requests().of(KmeEndpoint.DEC_KEYS))));
        ObjectNode outage = o.putObject("outage_seconds");
        Instant now = Instant.now();
        for (Link l : lab.inventory().links()) {
            lab.model(l.id()).map(m -> m.outages(from, now)).map(OutageTimeline::totalSeconds).ifPresent(s -> outage.put(l.id(), s));
        }
        return o;
    }
}
