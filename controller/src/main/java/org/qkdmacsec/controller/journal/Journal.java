package org.qkdmacsec.controller.journal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.qkdmacsec.controller.journal.Sql.clip;
import static org.qkdmacsec.controller.journal.Sql.instant;
import static org.qkdmacsec.controller.journal.Sql.optInstant;
import static org.qkdmacsec.controller.journal.Sql.optLong;
import static org.qkdmacsec.controller.journal.Sql.ts;

/**
 * Durable record of every rollover: transactions (with each side's progress and the end-times they
 * moved) and their steps, keys by key_ID and CKN, the last known state of each link, and audit events.
 * It never receives key material: its API takes only identifiers, names, times and messages.
 *
 * <p>Each write is its own database transaction, so a crash leaves the journal at the last completed
 * step, which is what recovery reconciles against the devices. One transaction at a time may prepare a
 * link: {@link #begin} claims the link in {@code link_preparation}, whose primary key refuses a second
 * claim from any process sharing the database.
 */
public final class Journal {
    private static final int MAX_TEXT = 2000;
    private static final String PREPARATION_SAMPLES = "'PREPARED', 'PREPARATION_OVERRAN'";

    private final Sql sql;
    private final Clock clock;
    private final String owner;
    private final LinkStates linkStates;

    /**
     * @param owner identifies this controller instance in {@code txn.owner} (host + pid, or the HA
     *              instance id), so another instance can tell whose transaction it recovers
     */
    public Journal(JournalDatabase db, Clock clock, String owner) {
        this.sql = new Sql(db);
        this.clock = clock;
        this.owner = owner;
        this.linkStates = new LinkStates(sql);
    }

    public String owner() {
        return owner;
    }

    /**
     * Starts a transaction in {@link TxnState#PLANNED} and claims the link's preparation for it, in one
     * database transaction.
     *
     * @throws LinkBusyException when another transaction (of any process) is preparing the link
     */
    public TxnRecord begin(String linkId, Optional<String> previousCkn) {
        return begin(UUID.randomUUID().toString(), linkId, previousCkn);
    }

    /**
     * As {@link #begin(String, Optional)} with the caller's id, so that a caller who saw the call fail
     * (the commit's answer lost) can make sure with {@link #finish} that no half-begun row keeps the link.
     */
    public TxnRecord begin(String id, String linkId, Optional<String> previousCkn) {
        Instant now = clock.instant();
        try {
            sql.transaction("begin a transaction for " + linkId, c -> {
                Sql.update(c, "INSERT INTO txn (id, link_id, state, owner, created_at, updated_at, previous_ckn) VALUES (?,?,?,?,?,?,?)",
                        id, linkId, TxnState.PLANNED.name(), owner, ts(now), ts(now), previousCkn.orElse(null));
                Sql.update(c, "INSERT INTO link_preparation (link_id, txn_id, owner, since) VALUES (?,?,?,?)", linkId, id, owner, ts(now));
                return null;
            });
        } catch (JournalException e) {
            if (e.getCause() instanceof SQLException s && Sql.isDuplicateKey(s)) {
                throw preparer(linkId).<LinkBusyException>map(h -> new LinkBusyException(linkId, h[0], h[1]))
                        .orElseThrow(() -> e);
            }
            throw e;
        }
        return new TxnRecord(id, linkId, TxnState.PLANNED, owner, now, now, Optional.empty(), Optional.empty(), Optional.empty(),
                previousCkn, Optional.empty(), Optional.empty(), List.of(), SideProgress.NONE, SideProgress.NONE, List.of());
    }

    /**
     * Journals a request refused before it began (the link busy, the journal itself failing to claim):
     * a terminal row, so history and status show the refusal. Claims nothing.
     */
    public TxnRecord refused(String linkId, String reason, String message) {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        sql.update("INSERT INTO txn (id, link_id, state, owner, created_at, updated_at, reason, error) VALUES (?,?,?,?,?,?,?,?)",
                id, linkId, TxnState.ABORTED.name(), owner, ts(now), ts(now), clip(reason, 100), clip(message, MAX_TEXT));
        return txn(id).orElseThrow();
    }

    /** Who prepares {@code linkId} now: {txn id, owner}. */
    private Optional<String[]> preparer(String linkId) {
        List<String[]> out = new ArrayList<>();
        sql.query("SELECT txn_id, owner FROM link_preparation WHERE link_id = ?", rs -> out.add(new String[] {rs.getString(1),
            rs.getString(2)}), linkId);
        return out.stream().findFirst();
    }

    /** The transaction preparing {@code linkId}, if any. */
    public Optional<String> preparingTxn(String linkId) {
        return preparer(linkId).map(h -> h[0]);
    }

    /** Ends the link claim of {@code txnId}: both ends confirmed, and other transactions may prepare the link. */
    public void prepared(String txnId) {
        sql.update("DELETE FROM link_preparation WHERE txn_id = ?", txnId);
    }

    /**
     * Hands an unfinished transaction from {@code from} (a dead owner) to this instance. Only one instance
     * wins: the owner changes only if it still is {@code from}.
     */
    public boolean takeOver(String txnId, String from) {
        return sql.transaction("take over " + txnId, c -> {
            int n = Sql.update(c, "UPDATE txn SET owner = ?, epoch = epoch + 1, updated_at = ? WHERE id = ? AND owner = ?",
                    owner, ts(clock.instant()), txnId, from);
            Sql.update(c, "UPDATE link_preparation SET owner = ? WHERE txn_id = ? AND owner = ?", owner, txnId, from);
            return n == 1;
        });
    }

    /** Whether this instance still owns {@code txnId} (fencing: a member whose work was taken over stops). */
    public boolean owns(String txnId) {
        List<String> out = new ArrayList<>();
        sql.query("SELECT owner FROM txn WHERE id = ?", rs -> out.add(rs.getString(1)), txnId);
        return out.size() == 1 && out.get(0).equals(owner);
    }

    /** Records the activation plan: first start-time, lead, confirm window, and the key being replaced. */
    public void plan(String txnId, Instant start, Duration lead, Duration confirmWindow, Optional<String> previousCkn) {
        sql.update("UPDATE txn SET start_time = ?, lead_ms = ?, confirm_ms = ?, previous_ckn = ?, updated_at = ? WHERE id = ?",
                ts(start), lead.toMillis(), confirmWindow.toMillis(), previousCkn.orElse(null), ts(clock.instant()), txnId);
    }

    /** Every CKN the controller ever added to a link: the only keys it may remove there. */
    public Set<String> ownCkns(String linkId) {
        Set<String> out = new HashSet<>();
        sql.query("SELECT DISTINCT k.ckn FROM txn_key k JOIN txn t ON t.id = k.txn_id WHERE t.link_id = ?",
                rs -> out.add(rs.getString(1).toLowerCase(Locale.ROOT)), linkId);
        return out;
    }

    /** The key_ID of a key the controller added to a link, by its CKN. */
    public Optional<String> keyId(String linkId, String ckn) {
        List<String> out = new ArrayList<>();
        sql.query("SELECT k.key_id FROM txn_key k JOIN txn t ON t.id = k.txn_id WHERE t.link_id = ? AND k.ckn = ?",
                rs -> out.add(rs.getString(1)), linkId, ckn.toLowerCase(Locale.ROOT));
        return out.stream().findFirst();
    }

    /** Records the keys a transaction adds (key_IDs and CKNs only) and the end-times it will move, at once. */
    public void keys(String txnId, List<TxnKey> keys, List<TxnEndMove> endMoves) {
        sql.transaction("record keys of " + txnId, c -> {
            for (TxnKey k : keys) {
                Sql.update(c, "INSERT INTO txn_key (txn_id, seq, key_id, ckn, start_time, end_time) VALUES (?,?,?,?,?,?)",
                        txnId, k.seq(), k.keyId(), k.ckn(), ts(k.start()), ts(k.end()));
            }
            for (TxnEndMove m : endMoves) {
                Sql.update(c, "INSERT INTO txn_end_move (txn_id, side, ckn, old_end, new_end) VALUES (?,?,?,?,?)",
                        txnId, m.side(), m.ckn(), ts(m.oldEnd()), ts(m.newEnd()));
            }
            return null;
        });
    }

    /** Moves a transaction to {@code state}. */
    public void state(String txnId, TxnState state) {
        sql.update("UPDATE txn SET state = ?, updated_at = ? WHERE id = ?", state.name(), ts(clock.instant()), txnId);
    }

    /** Records how far the transaction got on side {@code a} or {@code b}. */
    public void side(String txnId, String side, SideProgress progress) {
        String column = switch (side) {
            case "a" -> "side_a";
            case "b" -> "side_b";
            default -> throw new IllegalArgumentException("side must be a or b: " + side);
        };
        sql.update("UPDATE txn SET " + column + " = ?, updated_at = ? WHERE id = ?", progress.name(), ts(clock.instant()), txnId);
    }

    /** Ends a transaction in a terminal state with a named reason and an optional error text; frees the link. */
    public void finish(String txnId, TxnState state, Optional<String> reason, Optional<String> error) {
        if (!state.terminal()) {
            throw new IllegalArgumentException(state + " is not terminal");
        }
        sql.transaction("finish " + txnId, c -> {
            Sql.update(c, "UPDATE txn SET state = ?, reason = ?, error = ?, updated_at = ? WHERE id = ?",
                    state.name(), reason.map(r -> clip(r, 100)).orElse(null), error.map(e -> clip(e, MAX_TEXT)).orElse(null),
                    ts(clock.instant()), txnId);
            Sql.update(c, "DELETE FROM link_preparation WHERE txn_id = ?", txnId);
            return null;
        });
    }

    /** Appends a step to a transaction's trail. */
    public void step(String txnId, String step, Optional<String> side, Optional<Duration> duration, String outcome,
                     Optional<String> detail) {
        sql.transaction("record step " + step + " of " + txnId, c -> {
            int[] seq = {0};
            Sql.query(c, "SELECT COALESCE(MAX(seq), 0) + 1 FROM txn_step WHERE txn_id = ?", rs -> seq[0] = rs.getInt(1), txnId);
            Sql.update(c, "INSERT INTO txn_step (txn_id, seq, step, side, at, duration_ms, outcome, detail) VALUES (?,?,?,?,?,?,?,?)",
                    txnId, seq[0], step, side.orElse(null), ts(clock.instant()), duration.map(Duration::toMillis).orElse(null),
                    outcome, detail.map(d -> clip(d, MAX_TEXT)).orElse(null));
            return null;
        });
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
        sql.query("SELECT * FROM txn_step WHERE txn_id = ? ORDER BY seq", rs -> out.add(new StepRecord(
                rs.getInt("seq"), rs.getString("step"), Optional.ofNullable(rs.getString("side")), instant(rs, "at"),
                optLong(rs, "duration_ms").map(Duration::ofMillis), rs.getString("outcome"),
                Optional.ofNullable(rs.getString("detail")))), txnId);
        return out;
    }

    /**
     * Preparation times of the newest {@code n} transactions of a link that prepared or overran (fetch
     * through both confirmations, or the time an overrun had already taken when it was stopped), newest
     * first: the adaptive lead's input. Overruns count, so a device slower than the lead raises it.
     */
    public List<Duration> recentPreparationTimes(String linkId, int n) {
        List<Duration> out = new ArrayList<>();
        sql.query("SELECT s.duration_ms FROM txn_step s JOIN txn t ON t.id = s.txn_id WHERE t.link_id = ? AND s.step IN ("
                + PREPARATION_SAMPLES + ") AND s.duration_ms IS NOT NULL ORDER BY s.at DESC LIMIT " + Math.max(1, n),
                rs -> out.add(Duration.ofMillis(rs.getLong(1))), linkId);
        return out;
    }

    /** Inserts or replaces the link's state row. */
    public void linkState(LinkStateRecord s) {
        linkStates.put(s);
    }

    public Optional<LinkStateRecord> linkState(String linkId) {
        return linkStates.get(linkId);
    }

    public List<LinkStateRecord> linkStates() {
        return linkStates.all();
    }

    /** Records an audit event (alarm, emergency, operator-visible decision). */
    public void audit(Optional<String> linkId, Optional<String> txnId, String kind, String message) {
        sql.update("INSERT INTO audit_event (at, link_id, txn_id, kind, message) VALUES (?,?,?,?,?)",
                ts(clock.instant()), linkId.orElse(null), txnId.orElse(null), kind, clip(message, MAX_TEXT));
    }

    /** The newest audit events, newest first; all links when {@code linkId} is empty. */
    public List<AuditEvent> auditEvents(Optional<String> linkId, int limit) {
        List<AuditEvent> out = new ArrayList<>();
        String where = linkId.isPresent() ? " WHERE link_id = ?" : "";
        Object[] args = linkId.isPresent() ? new Object[] {linkId.get()} : new Object[0];
        sql.query("SELECT * FROM audit_event" + where + " ORDER BY id DESC LIMIT " + Math.max(1, limit),
                rs -> out.add(new AuditEvent(rs.getLong("id"), instant(rs, "at"), Optional.ofNullable(rs.getString("link_id")),
                        Optional.ofNullable(rs.getString("txn_id")), rs.getString("kind"), rs.getString("message"))), args);
        return out;
    }

    private List<TxnRecord> txns(String query, Object... args) {
        return sql.transaction("read transactions", c -> {
            List<TxnRecord> rows = new ArrayList<>();
            Sql.query(c, query, rs -> rows.add(new TxnRecord(rs.getString("id"), rs.getString("link_id"),
                    TxnState.valueOf(rs.getString("state")), rs.getString("owner"), instant(rs, "created_at"),
                    instant(rs, "updated_at"), optInstant(rs, "start_time"), optLong(rs, "lead_ms").map(Duration::ofMillis),
                    optLong(rs, "confirm_ms").map(Duration::ofMillis), Optional.ofNullable(rs.getString("previous_ckn")),
                    Optional.ofNullable(rs.getString("reason")), Optional.ofNullable(rs.getString("error")), List.of(),
                    SideProgress.valueOf(rs.getString("side_a")), SideProgress.valueOf(rs.getString("side_b")), List.of())), args);
            List<TxnRecord> out = new ArrayList<>(rows.size());
            for (TxnRecord t : rows) {
                out.add(withDetails(c, t));
            }
            return out;
        });
    }

    private static TxnRecord withDetails(Connection c, TxnRecord t) throws SQLException {
        List<TxnKey> keys = new ArrayList<>();
        Sql.query(c, "SELECT * FROM txn_key WHERE txn_id = ? ORDER BY seq", rs -> keys.add(new TxnKey(rs.getInt("seq"),
                rs.getString("key_id"), rs.getString("ckn"), instant(rs, "start_time"), optInstant(rs, "end_time"))), t.id());
        List<TxnEndMove> moves = new ArrayList<>();
        Sql.query(c, "SELECT * FROM txn_end_move WHERE txn_id = ? ORDER BY side, ckn", rs -> moves.add(new TxnEndMove(
                rs.getString("side"), rs.getString("ckn"), optInstant(rs, "old_end"), optInstant(rs, "new_end"))), t.id());
        return new TxnRecord(t.id(), t.linkId(), t.state(), t.owner(), t.createdAt(), t.updatedAt(), t.startTime(), t.lead(),
                t.confirmWindow(), t.previousCkn(), t.reason(), t.error(), keys, t.sideA(), t.sideB(), moves);
    }
}
