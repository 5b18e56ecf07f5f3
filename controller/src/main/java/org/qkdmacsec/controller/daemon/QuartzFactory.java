package org.qkdmacsec.controller.daemon;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz with its JDBC job store in the journal's database, on the journal's own connection pool (one
 * pool, one set of credentials). The job store's tables are created by Flyway from vendor-specific
 * scripts ({@code db/quartz/h2}, {@code db/quartz/postgresql}) recorded in their own history table,
 * so they version independently of the journal's schema.
 */
final class QuartzFactory {
    static final String HISTORY_TABLE = "quartz_schema_history";

    private QuartzFactory() { }

    /** The database behind {@code ds}: {@code h2} or {@code postgresql} (also the migration folder's name). */
    static String vendor(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
            if (product.contains("postgres")) {
                return "postgresql";
            }
            if (product.contains("h2")) {
                return "h2";
            }
            throw new IllegalStateException("the scheduler supports H2 and PostgreSQL journals, not " + product);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the journal database: " + e.getMessage(), e);
        }
    }

    static void migrate(DataSource ds, String vendor) {
        // baselineVersion 0: the schema already holds the journal's tables; V1 (Quartz's) still applies.
        Flyway.configure().dataSource(ds).table(HISTORY_TABLE).locations("classpath:db/quartz/" + vendor)
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
    }

    /**
     * A scheduler, not yet started.
     *
     * @param instanceId this process in the cluster (and in {@code txn.owner}); unique among live members
     */
    static Scheduler create(DataSource ds, String vendor, DaemonConfig config, String instanceId) throws SchedulerException {
        // Quartz looks data sources up by name in a JVM-wide registry; a unique name per daemon keeps two
        // daemons in one JVM (tests) apart. The journal owns the pool, so Quartz's shutdown leaves it open.
        String dsName = "journal-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(dsName, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return ds.getConnection();
            }

            @Override
            public void shutdown() {
                // the journal closes its pool
            }

            @Override
            public void initialize() {
                // already open
            }
        });
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", config.cluster().name());
        p.setProperty("org.quartz.scheduler.instanceId", instanceId);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(config.scheduler().threads()));
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", vendor.equals("postgresql")
                ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dsName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(config.scheduler().misfireThreshold().toMillis()));
        p.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(config.cluster().enabled()));
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(config.cluster().checkinInterval().toMillis()));
        StdSchedulerFactory f = new StdSchedulerFactory(p);
        return f.getScheduler();
    }
}
