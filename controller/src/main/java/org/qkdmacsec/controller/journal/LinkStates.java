package org.qkdmacsec.controller.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.qkdmacsec.controller.journal.Sql.clip;
import static org.qkdmacsec.controller.journal.Sql.instant;
import static org.qkdmacsec.controller.journal.Sql.optInstant;
import static org.qkdmacsec.controller.journal.Sql.ts;

/** The {@code link_state} table: what the controller last knew about each link. */
final class LinkStates {
    private static final int MAX_TEXT = 2000;
    private static final String UPDATE = "UPDATE link_state SET active_ckn = ?, active_key_id = ?, active_since = ?, next_start = ?,"
            + " future_slots = ?, last_txn_id = ?, last_result = ?, last_reason = ?, last_success_at = ?, updated_at = ?"
            + " WHERE link_id = ?";

    private final Sql sql;

    LinkStates(Sql sql) {
        this.sql = sql;
    }

    void put(LinkStateRecord s) {
        Object[] values = {s.activeCkn().orElse(null), s.activeKeyId().orElse(null), ts(s.activeSince()), ts(s.nextStart()),
            s.futureSlots(), s.lastTxnId().orElse(null), s.lastResult().orElse(null),
            s.lastReason().map(r -> clip(r, MAX_TEXT)).orElse(null), ts(s.lastSuccessAt()), ts(s.updatedAt()), s.linkId()};
        if (sql.update(UPDATE, values) == 0) {
            try {
                sql.update("INSERT INTO link_state (active_ckn, active_key_id, active_since, next_start, future_slots, last_txn_id,"
                        + " last_result, last_reason, last_success_at, updated_at, link_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)", values);
            } catch (JournalException e) {
                // Another instance inserted the row between our UPDATE and INSERT (HA): update it instead.
                sql.update(UPDATE, values);
            }
        }
    }

    Optional<LinkStateRecord> get(String linkId) {
        List<LinkStateRecord> l = read("SELECT * FROM link_state WHERE link_id = ?", linkId);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    List<LinkStateRecord> all() {
        return read("SELECT * FROM link_state ORDER BY link_id");
    }

    private List<LinkStateRecord> read(String query, Object... args) {
        List<LinkStateRecord> out = new ArrayList<>();
        sql.query(query, rs -> out.add(new LinkStateRecord(rs.getString("link_id"), Optional.ofNullable(rs.getString("active_ckn")),
                Optional.ofNullable(rs.getString("active_key_id")), optInstant(rs, "active_since"), optInstant(rs, "next_start"),
                rs.getInt("future_slots"), Optional.ofNullable(rs.getString("last_txn_id")),
                Optional.ofNullable(rs.getString("last_result")), Optional.ofNullable(rs.getString("last_reason")),
                optInstant(rs, "last_success_at"), instant(rs, "updated_at"))), args);
        return out;
    }
}
