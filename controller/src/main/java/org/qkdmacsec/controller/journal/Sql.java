package org.qkdmacsec.controller.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** JDBC plumbing shared by the journal's tables: binding, reading, one database transaction per call. */
final class Sql {
    interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final JournalDatabase db;

    Sql(JournalDatabase db) {
        this.db = db;
    }

    int update(String sql, Object... args) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("write", e);
        }
    }

    void query(String sql, RowReader reader, Object... args) {
        try (Connection c = db.connection()) {
            query(c, sql, reader, args);
        } catch (SQLException e) {
            throw fail("read", e);
        }
    }

    /** Runs {@code work} in one database transaction: all of it is written, or none. */
    <T> T transaction(String what, Work<T> work) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                T out = work.run(c);
                c.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw fail(what, e);
        }
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    static void query(Connection c, String sql, RowReader reader, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        }
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (a instanceof OffsetDateTime odt) {
                ps.setObject(i + 1, odt, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    static OffsetDateTime ts(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    static OffsetDateTime ts(Optional<Instant> i) {
        return i.map(Sql::ts).orElse(null);
    }

    static Instant instant(ResultSet rs, String col) throws SQLException {
        return rs.getObject(col, OffsetDateTime.class).toInstant();
    }

    static Optional<Instant> optInstant(ResultSet rs, String col) throws SQLException {
        OffsetDateTime v = rs.getObject(col, OffsetDateTime.class);
        return Optional.ofNullable(v).map(OffsetDateTime::toInstant);
    }

    static Optional<Long> optLong(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? Optional.empty() : Optional.of(v);
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** True when {@code e} (or a cause) is a unique or primary key violation (SQLState 23505). */
    static boolean isDuplicateKey(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().equals("23505")) {
                return true;
            }
        }
        return false;
    }

    JournalException fail(String what, SQLException e) {
        return new JournalException("journal " + what + " failed (" + db.description() + "): " + e.getMessage(), e);
    }
}
