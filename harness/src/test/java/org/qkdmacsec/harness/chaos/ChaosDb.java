package org.qkdmacsec.harness.chaos;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.qkdmacsec.controller.journal.JournalDatabase;

/**
 * The journal's database for the fault search: one in-memory H2 database, migrated once and emptied
 * between runs (migrating per run would cost more than a run), behind a data source that fails on
 * command — a write failure for a few statements, or every statement while the database "restarts".
 */
final class ChaosDb {
    private static ChaosDb instance;

    private final JdbcDataSource h2 = new JdbcDataSource();
    private final Failing failing = new Failing();
    private final JournalDatabase journal;
    private volatile Faults faults;
    private volatile boolean down;

    private ChaosDb() {
        h2.setURL("jdbc:h2:mem:chaos;DB_CLOSE_DELAY=-1");
        journal = JournalDatabase.on(failing, "chaos journal (in memory)");
    }

    static synchronized ChaosDb get() {
        if (instance == null) {
            instance = new ChaosDb();
        }
        return instance;
    }

    JournalDatabase journal() {
        return journal;
    }

    /** Empties every table and arms the run's faults. */
    void reset(Faults runFaults) {
        faults = null;
        down = false;
        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            for (String t : new String[] {"txn_step", "txn_key", "txn_end_move", "link_preparation", "audit_event", "link_state", "txn"}) {
                s.executeUpdate("DELETE FROM " + t);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        faults = runFaults;
    }

    /** Faults off (the invariants read the journal through the faulty path too). */
    void disarm() {
        faults = null;
        down = false;
    }

    void down(boolean isDown) {
        down = isDown;
    }

    /** A direct connection, past the faults (the invariants read the journal with it). */
    Connection direct() throws SQLException {
        return h2.getConnection();
    }

    private final class Failing implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            Faults f = faults;
            if (down || f != null && f.onJournalCall()) {
                throw new SQLException("connection refused: the database is unavailable (injected)", "08001");
            }
            return h2.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
