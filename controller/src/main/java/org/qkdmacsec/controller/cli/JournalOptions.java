package org.qkdmacsec.controller.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.qkdmacsec.controller.inventory.SecretRef;
import org.qkdmacsec.controller.journal.JournalDatabase;
import org.qkdmacsec.spi.Secret;
import picocli.CommandLine.Option;

/** Where the journal lives: options shared by every command that reads or writes it. */
public final class JournalOptions {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory holding the embedded journal (default: $XDG_STATE_HOME/qkd-macsec, else ./var).")
    Path dataDir;

    @Option(names = "--journal-url", paramLabel = "JDBC-URL",
            description = "Use this database instead of the embedded one, e.g. jdbc:postgresql://127.0.0.1:5432/qkd.")
    String journalUrl;

    @Option(names = "--journal-user", paramLabel = "USER", description = "Database user for --journal-url.")
    String journalUser;

    @Option(names = "--journal-password", paramLabel = "REF",
            description = "Database password for --journal-url as env:NAME or file:PATH (never the password itself).")
    String journalPassword;

    public JournalDatabase open() {
        if (journalUrl == null) {
            return JournalDatabase.embedded(JournalDatabase.defaultDataDir(Optional.ofNullable(dataDir), System.getenv()));
        }
        Optional<Secret> password = Optional.empty();
        if (journalPassword != null) {
            SecretRef ref = SecretRef.parse(journalPassword).orElseThrow(() -> new IllegalArgumentException(
                    "--journal-password takes env:NAME or file:PATH, not the password itself"));
            password = Optional.of(ref.resolve());
        }
        return JournalDatabase.open(journalUrl, Optional.ofNullable(journalUser), password, 8);
    }
}
