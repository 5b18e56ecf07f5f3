package org.qkdmacsec.harness.cli;

import org.qkdmacsec.controller.cli.Main;
import org.qkdmacsec.harness.bench.BenchCommand;
import picocli.CommandLine;

/**
 * Entry point of the full {@code qkd-macsec} jar that {@code ./qkd-macsec} runs: the product's
 * commands ({@link Main}) plus {@code demo}, {@code lab} and {@code playbook}, which need the
 * simulators and therefore live here, outside the daemon jar.
 */
public final class HarnessMain {
    private HarnessMain() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Every command, configured as {@link Main#commandLine} configures the product's; shared by main() and tests. */
    public static CommandLine commandLine() {
        return Main.commandLine(new DemoCommand(), new BenchCommand(), new LabCommand(), new PlaybookCommand());
    }
}
