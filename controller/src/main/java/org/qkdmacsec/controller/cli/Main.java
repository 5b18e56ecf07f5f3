package org.qkdmacsec.controller.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code qkd-macsec} command. Exit codes are shared by every subcommand:
 * 0 ok, 1 the operation failed, 2 usage or inventory error, 3 partial (some links failed).
 * These are the product's commands, the daemon jar's whole command line; the harness module adds
 * {@code demo}, {@code lab} and {@code playbook} to the same tree through {@link #commandLine(Object...)}.
 */
@Command(name = "qkd-macsec",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Keeps MACsec links keyed from quantum key distribution.",
            "",
            "For every link in the inventory: fetch a fresh key from the KME on one side",
            "(ETSI GS QKD 014 enc_keys), the same key by key_ID from the KME on the other",
            "side (dec_keys), derive the MACsec CAK/CKN, and stage it on both devices with",
            "overlapping lifetimes so MKA moves to the new key without loss."
        },
        footer = {
            "",
            "Exit codes: 0 ok, 1 operation failed, 2 usage or inventory error,",
            "            3 partial (some links failed).",
            "Documentation: docs/ in the source tree; start with README.md."
        },
        subcommands = {CommandLine.HelpCommand.class, RolloverCommand.class, PlanCommand.class,
            StatusCommand.class, RunCommand.class, InventoryCommand.class, KmeCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int PARTIAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The configured command line, shared by main() and tests; {@code more} are further picocli
     * commands (the harness's) added before the settings, so they apply to those too.
     */
    public static CommandLine commandLine(Object... more) {
        CommandLine cl = new CommandLine(new Main());
        for (Object command : more) {
            cl.addSubcommand(command);
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        return cl;
    }

    @Override
    public void run() {
        // No subcommand: teach instead of doing nothing.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads the version Maven filtered into {@code qkd-macsec-version.properties}. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/qkd-macsec-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {
                "qkd-macsec " + p.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
            };
        }
    }
}
