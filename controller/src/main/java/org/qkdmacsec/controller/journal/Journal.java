package org.qkdmacsec.controller.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Durable record of every rollover: transactions and their steps, keys by key_ID and CKN, the last
 * known state of each link, and audit events. It never receives key material: its API takes only
 * identifiers, names, times and messages.
 *
 * <p>Each write is its own database transaction, so a crash leaves the journal at the last
 * completed step, which is what recovery reconciles against the devices.
 */
public final class Journal {
    private static final int MAX_TEXT = 2000;

    private final JournalDatabase db;
    private final Clock clock;
    private final String owner;

    /**
     * @param owner identifies this controller instance in {@code txn.owner} (host + pid, or the HA
     *              instance id), so another instance can tell whose transaction it recovers
     */
    public Journal(JournalDatabase db, Clock clock, String owner) {
        this.db = db;
        this.clock = clock;
        this.owner = owner;
    }

    public String owner() {
        return owner;
    }

    /** Starts a transaction in {@link TxnState#PLANNED}. */
    public TxnRecord begin(String linkId, Optional<String> previousCkn) {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        update("INSERT INTO txn (id, link_id, state, owner, created_at, updated_at, previous_ckn) VALUES (?,?,?,?,?,?,?)",
                id, linkId, TxnState.PLANNED.name(), owner, ts(now), ts(now), previousCkn.orElse(null));
        return txn(id).orElseThrow();
    }

    /** Records the activation plan: first start-time, lead, confirm window, and the key being replaced. */
    public void plan(String txnId, Instant start, Duration lead, Duration confirmWindow, Optional<String> previousCkn) {
        update("UPDATE txn SET start_time = ?, lead_ms = ?, confirm_ms = ?, previous_ckn = ?, updated_at = ? WHERE id = ?",
                ts(start), lead.toMillis(), confirmWindow.toMillis(), previousCkn.orElse(null), ts(clock.instant()), txnId);
    }

    /** Every CKN the controller ever added to a link: the only keys it may remove there. */
    public java.util.Set<String> ownCkns(String linkId) {
        java.util.Set<String> out = new java.util.HashSet<>();
        query("SELECT DISTINCT k.ckn FROM txn_key k JOIN txn t ON t.id = k.txn_id WHERE t.link_id = ?",
                rs -> out.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT)), linkId);
        return out;
    }

    /** Records the keys a transaction adds (key_IDs and CKNs only). */
    public void keys(String txnId, List<TxnKey> keys) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO txn_key (txn_id, seq, key_id, ckn, start_time, end_time) VALUES (?,?,?,?,?,?)")) {
                for (TxnKey k : keys) {
                    bind(ps, txnId, k.seq(), k.keyId(), k.ckn(), ts(k.start()), k.end().map(Journal::ts).orElse(null));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            throw fail("record keys of " + txnId, e);
        }
    }

    /** Moves a transaction to {@code state}. */
    public void state(String txnId, TxnState state) {
        update("UPDATE txn SET state = ?, updated_at = ? WHERE id = ?", state.name(), ts(clock.instant()), txnId);
    }

    /** Ends a transaction in a terminal state with a named reason and an optional error text. */
    public void finish(String txnId, TxnState state, Optional<String> reason, Optional<String> error) {
        if (!state.terminal()) {
            throw new IllegalArgumentException(state + " is not terminal");
        }
        update("UPDATE txn SET state = ?, reason = ?, error = ?, updated_at = ? WHERE id = ?",
                state.name(), reason.map(r -> clip(r, 100)).orElse(null), error.map(e -> clip(e, MAX_TEXT)).orElse(null),
                ts(clock.instant()), txnId);
    }

    /** Appends a step to a transaction's trail. */
    public void step(String txnId, String step, Optional<String> side, Optional<Duration> duration, String outcome,
                     Optional<String> detail) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            int seq;
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM txn_step WHERE txn_id = ?")) {
                ps.setString(1, txnId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    seq = rs.getInt(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO txn_step (txn_id, seq, step, side, at, duration_ms, outcome, detail) VALUES (?,?,?,?,?,?,?,?)")) {
                bind(ps, txnId, seq, step, side.orElse(null), ts(clock.instant()), duration.map(Duration::toMillis).orElse(null),
                        outcome, detail.map(d -> clip(d, MAX_TEXT)).orElse(null));
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw fail("record step " + step + " of " + txnId, e);
        }
    }

    public Optional<TxnRecord> txn(String id) {
        List<TxnRecord> l = txns("SELECT * FROM txn WHERE id = ?", id);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** Transactions not in a terminal state (what recovery must reconcile), oldest first. */
    public List<TxnRecord> unfinished() {
        return txns("SELECT * FROM txn WHERE state NOT IN ('DONE', 'ABORTED', 'FAILED') ORDER BY created_at");
    }

    /** The newest {@code limit} transactions of a link, newest first. */
    public List<TxnRecord> history(String linkId, int limit) {
        return txns("SELECT * FROM txn WHERE link_id = ? ORDER BY created_at DESC LIMIT " + Math.max(1, limit), linkId);
    }

    public List<StepRecord> steps(String txnId) {
        List<StepRecord> out = new ArrayList<>();
        query("SELECT * FROM txn_step WHERE txn_id = ? ORDER BY seq", rs -> out.add(new StepRecord(
                rs.getInt("seq"), rs.getString("step"), Optional.ofNullable(rs.getString("side")), instant(rs, "at"),
                optLong(rs, "duration_ms").map(Duration::ofMillis), rs.getString("outcome"),
                Optional.ofNullable(rs.getString("detail")))), txnId);
        return out;
    }

    /**
     * Durations of the newest {@code n} completed preparations of a link (fetch through both
     * confirmations), newest first: the adaptive lead's input.
     */
    public List<Duration> recentPreparationTimes(String linkId, int n) {
        List<Duration> out = new ArrayList<>();
        query("SELECT s.duration_ms FROM txn_step s JOIN txn t ON t.id = s.txn_id WHERE t.link_id = ? AND s.step = 'PREPARED'"
                + " AND s.duration_ms IS NOT NULL ORDER BY s.at DESC LIMIT " + Math.max(1, n),
                rs -> out.add(Duration.ofMillis(rs.getLong(1))), linkId);
        return out;
    }

    /** Inserts or replaces the link's state row. */
    public void linkState(LinkStateRecord s) {
        Object[] values = {s.activeCkn().orElse(null), s.activeKeyId().orElse(null), s.activeSince().map(Journal::ts).orElse(null),
            s.nextStart().map(Journal::ts).orElse(null), s.futureSlots(), s.lastTxnId().orElse(null), s.lastResult().orElse(null),
            s.lastReason().map(r -> clip(r, MAX_TEXT)).orElse(null), s.lastSuccessAt().map(Journal::ts).orElse(null),
            ts(s.updatedAt()), s.linkId()};
        int n = update("UPDATE link_state SET active_ckn = ?, active_key_id = ?, active_since = ?, next_start = ?, future_slots = ?,"
                + " last_txn_id = ?, last_result = ?, last_reason = ?, last_success_at = ?, updated_at = ? WHERE link_id = ?", values);
        if (n == 0) {
            try {
                update("INSERT INTO link_state (active_ckn, active_key_id, active_since, next_start, future_slots, last_txn_id,"
                        + " last_result, last_reason, last_success_at, updated_at, link_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)", values);
            } catch (JournalException e) {
                // Another instance inserted the row between our UPDATE and INSERT (HA): update it instead.
                update("UPDATE link_state SET active_ckn = ?, active_key_id = ?, active_since = ?, next_start = ?, future_slots = ?,"
                        + " last_txn_id = ?, last_result = ?, last_reason = ?, last_success_at = ?, updated_at = ? WHERE link_id = ?", values);
            }
        }
    }

    public Optional<LinkStateRecord> linkState(String linkId) {
        List<LinkStateRecord> l = linkStates("SELECT * FROM link_state WHERE link_id = ?", linkId);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    public List<LinkStateRecord> linkStates() {
        return linkStates("SELECT * FROM link_state ORDER BY link_id");
    }

    /** Records an audit event (alarm, emergency, operator-visible decision). */
    public void audit(Optional<String> linkId, Optional<String> txnId, String kind, String message) {
        update("INSERT INTO audit_event (at, link_id, txn_id, kind, message) VALUES (?,?,?,?,?)",
                ts(clock.instant()), linkId.orElse(null), txnId.orElse(null), kind, clip(message, MAX_TEXT));
    }

    /** The newest audit events, newest first; all links when {@code linkId} is empty. */
    public List<AuditEvent> auditEvents(Optional<String> linkId, int limit) {
        List<AuditEvent> out = new ArrayList<>();
        String where = linkId.isPresent() ? " WHERE link_id = ?" : "";
        Object[] args = linkId.isPresent() ? new Object[] {linkId.get()} : new Object[0];
        query("SELECT * FROM audit_event" + where + " ORDER BY id DESC LIMIT " + Math.max(1, limit),
                rs -> out.add(new AuditEvent(rs.getLong("id"), instant(rs, "at"), Optional.ofNullable(rs.getString("link_id")),
                        Optional.ofNullable(rs.getString("txn_id")), rs.getString("kind"), rs.getString("message"))), args);
        return out;
    }

    // --- plumbing -------------------------------------------------------------------------------

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private List<TxnRecord> txns(String sql, Object... args) {
        List<TxnRecord> rows = new ArrayList<>();
        query(sql, rs -> rows.add(new TxnRecord(rs.getString("id"), rs.getString("link_id"), TxnState.valueOf(rs.getString("state")),
                rs.getString("owner"), instant(rs, "created_at"), instant(rs, "updated_at"), optInstant(rs, "start_time"),
                optLong(rs, "lead_ms").map(Duration::ofMillis), optLong(rs, "confirm_ms").map(Duration::ofMillis),
                Optional.ofNullable(rs.getString("previous_ckn")), Optional.ofNullable(rs.getString("reason")),
                Optional.ofNullable(rs.getString("error")), List.of())), args);
        List<TxnRecord> out = new ArrayList<>(rows.size());
        for (TxnRecord t : rows) {
            List<TxnKey> keys = new ArrayList<>();
            query("SELECT * FROM txn_key WHERE txn_id = ? ORDER BY seq", rs -> keys.add(new TxnKey(rs.getInt("seq"),
                    rs.getString("key_id"), rs.getString("ckn"), instant(rs, "start_time"), optInstant(rs, "end_time"))), t.id());
            out.add(new TxnRecord(t.id(), t.linkId(), t.state(), t.owner(), t.createdAt(), t.updatedAt(), t.startTime(), t.lead(),
                    t.confirmWindow(), t.previousCkn(), t.reason(), t.error(), keys));
        }
        return out;
    }

    private List<LinkStateRecord> linkStates(String sql, Object... args) {
        List<LinkStateRecord> out = new ArrayList<>();
        query(sql, rs -> out.add(new LinkStateRecord(rs.getString("link_id"), Optional.ofNullable(rs.getString("active_ckn")),
                Optional.ofNullable(rs.getString("active_key_id")), optInstant(rs, "active_since"), optInstant(rs, "next_start"),
                rs.getInt("future_slots"), Optional.ofNullable(rs.getString("last_txn_id")),
                Optional.ofNullable(rs.getString("last_result")), Optional.ofNullable(rs.getString("last_reason")),
                optInstant(rs, "last_success_at"), instant(rs, "updated_at"))), args);
        return out;
    }

    private int update(String sql, Object... args) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw fail("write", e);
        }
    }

    private void query(String sql, RowReader reader, Object... args) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw fail("read", e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
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

    private static OffsetDateTime ts(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String col) throws SQLException {
        return rs.getObject(col, OffsetDateTime.class).toInstant();
    }

    private static Optional<Instant> optInstant(ResultSet rs, String col) throws SQLException {
        OffsetDateTime v = rs.getObject(col, OffsetDateTime.class);
        return Optional.ofNullable(v).map(OffsetDateTime::toInstant);
    }

    private static Optional<Long> optLong(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? Optional.empty() : Optional.of(v);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private JournalException fail(String what, SQLException e) {
        return new JournalException("journal " + what + " failed (" + db.description() + "): " + e.getMessage(), e);
    }
}
