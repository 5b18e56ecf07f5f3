package org.qkdmacsec.harness.cli;

import org.qkdmacsec.controller.cli.Main;
import org.qkdmacsec.lab.kme.KmeLabCommand;
import picocli.CommandLine.Command;

/** {@code lab}: the simulators, for trying the controller on one machine and for CI. */
@Command(name = "lab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Run the lab simulators (KMEs, routers, MKA link models) on this machine."},
        subcommands = {LabUpCommand.class, LabServeCommand.class, KmeLabCommand.class})
final class LabCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
