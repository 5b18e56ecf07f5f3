package org.qkdmacsec.harness.cli;

import org.qkdmacsec.controller.cli.Main;
import picocli.CommandLine.Command;

/** {@code playbook}: scripted rollovers and faults with a pass/fail report, for CI and labs. */
@Command(name = "playbook", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Run or check a playbook: scripted rollovers, waits, checks and lab faults (docs/playbooks.md)."},
        subcommands = {PlaybookRunCommand.class, PlaybookCheckCommand.class})
final class PlaybookCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
