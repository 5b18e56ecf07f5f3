package org.qkdmacsec.harness.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.qkdmacsec.controller.cli.DurationConverter;
import org.qkdmacsec.controller.cli.InventoryOptions;
import org.qkdmacsec.controller.cli.Main;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.harness.lab.EmbeddedLab;
import org.qkdmacsec.harness.lab.LabException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lab up}: the simulators an inventory's lab: section names, in the foreground. */
@Command(name = "up", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {
            "Start the simulators the inventory's lab: section names, on the ports the inventory gives,",
            "in the foreground: KMEs over mutual TLS, Junos routers over SSH/NETCONF, an MKA link model per",
            "simulated link. With no lab.kmes, the routers start alone and are keyed from the KMEs the inventory",
            "names (to commission a real KME before touching production).",
            "The PKI, SSH host keys, known_hosts and the device password are written under",
            "the lab state directory (lab.state-dir, default var/lab), where the inventory expects them.",
            "Then run qkd-macsec rollover/plan/status against the same inventory in another terminal.",
            "Ctrl-C stops everything.",
            ""},
        footer = {"", "Exit codes: 0 stopped normally, 1 could not start, 2 usage or inventory error."})
final class LabUpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** An inventory with a lab: section (inventory/lab.yaml). */
    @ArgGroup(exclusive = false, multiplicity = "1")
    InventoryOptions inventory;

    @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class, hidden = true,
            description = "Stop by itself after this long (tests).")
    Duration runFor;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Inventory> inv = inventory.load(err);
        if (inv.isEmpty()) {
            return Main.USAGE;
        }
        EmbeddedLab lab;
        try {
            lab = EmbeddedLab.start(inv.get(), Clock.systemUTC(), EmbeddedLab.Ports.FIXED, Optional.empty());
        } catch (LabException e) {
            err.println(e.getMessage());
            err.flush();
            return Main.FAILED;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            lab.close();
            stop.countDown();
        }, "lab-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("lab up from " + inventory.file() + ":");
        lab.describe().forEach(l -> out.println("  " + l));
        out.println("ready. In another terminal:  ./qkd-macsec rollover --inventory " + inventory.file() + " --link <link>");
        out.println("Ctrl-C to stop.");
        out.flush();
        if (runFor != null) {
            if (!stop.await(runFor.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                Runtime.getRuntime().removeShutdownHook(hook);
                lab.close();
            }
        } else {
            stop.await();
        }
        return Main.OK;
    }
}
