package org.qkdmacsec.lab;

import org.qkdmacsec.lab.kme.KmeLabCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs a lab simulator on its own: {@code java -cp <jar> org.qkdmacsec.lab.LabMain kme …}. */
@Command(name = "qkd-macsec-lab", description = "Run a qkd-macsec lab simulator standalone.",
        subcommands = KmeLabCommand.class)
public final class LabMain implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a simulator: kme");
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new LabMain()).execute(args));
    }
}
