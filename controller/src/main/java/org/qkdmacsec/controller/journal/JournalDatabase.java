package org.qkdmacsec.controller.journal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.qkdmacsec.spi.Secret;

/**
 * The journal's database: an embedded H2 file under the data directory by default (no set-up), or
 * any JDBC URL (PostgreSQL for production and HA). The schema is migrated by Flyway on open, so
 * upgrades need no manual step.
 */
public final class JournalDatabase implements AutoCloseable {
    private final DataSource dataSource;
    private final String description;
    private final Runnable closer;

    private JournalDatabase(DataSource dataSource, String description, Runnable closer) {
        this.dataSource = dataSource;
        this.description = description;
        this.closer = closer;
    }

    /**
     * A journal on a data source the caller owns (and closes): its schema is migrated here. The fault
     * search puts a data source that fails on command here, to test the engine against journal errors.
     */
    public static JournalDatabase on(DataSource ds, String description) {
        migrate(ds);
        return new JournalDatabase(ds, description, () -> { });
    }

    private static void migrate(DataSource ds) {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    }

    /** Embedded H2 file database {@code journal.mv.db} in {@code dataDir} (created if missing). */
    public static JournalDatabase embedded(Path dataDir) {
        return embedded(dataDir, 4);
    }

    /** As {@link #embedded(Path)}, with a pool of {@code poolSize} connections (the daemon shares it with Quartz). */
    public static JournalDatabase embedded(Path dataDir, int poolSize) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new JournalException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
        // DB_CLOSE_ON_EXIT=FALSE: we close it ourselves after the last write, not in a JVM hook racing ours.
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("journal") + ";DB_CLOSE_ON_EXIT=FALSE";
        return open(url, Optional.empty(), Optional.empty(), poolSize);
    }

    /** Any JDBC URL; user and password optional (PostgreSQL may take them from the URL or .pgpass). */
    public static JournalDatabase open(String jdbcUrl, Optional<String> user, Optional<Secret> password, int poolSize) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(jdbcUrl);
        user.ifPresent(cfg::setUsername);
        // Hikari takes the password as a String; it stays inside the pool's configuration.
        password.ifPresent(p -> cfg.setPassword(p.apply(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8))));
        cfg.setMaximumPoolSize(poolSize);
        cfg.setPoolName("journal");
        cfg.setInitializationFailTimeout(10_000);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw new JournalException("cannot open the journal at " + redactUrl(jdbcUrl) + ": " + rootMessage(e), e);
        }
        try {
            migrate(ds);
        } catch (RuntimeException e) {
            ds.close();
            throw new JournalException("cannot migrate the journal schema at " + redactUrl(jdbcUrl) + ": " + rootMessage(e), e);
        }
        return new JournalDatabase(ds, redactUrl(jdbcUrl), ds::close);
    }

    /** The data directory: {@code --data-dir}, else {@code $XDG_STATE_HOME/qkd-macsec}, else {@code ./var}. */
    public static Path defaultDataDir(Optional<Path> explicit, java.util.Map<String, String> env) {
        if (explicit.isPresent()) {
            return explicit.get();
        }
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "qkd-macsec");
        }
        return Path.of("var");
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Where the journal lives, for messages (credentials stripped). */
    public String description() {
        return description;
    }

    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    static String redactUrl(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        // H2 appends its own long diagnostic; the first line is what an operator needs.
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }

    @Override
    public void close() {
        closer.run();
    }
}
