package org.qkdmacsec.controller.daemon;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Which cluster members Quartz's cluster manager has declared dead. Every member checks in to
 * {@code QRTZ_SCHEDULER_STATE}; when one stops (kill -9, crash, lost host) another member's cluster
 * manager notices it missed its check-in, recovers its Quartz work and deletes its row. A member seen
 * in that table and then gone is therefore dead by the cluster's own verdict, which every instance
 * reads the same way — the signal to reconcile the dead member's unfinished transactions.
 */
final class ClusterPeers {
    /** Quartz declares a member dead after its check-in interval plus 7.5 s; we stop a little earlier. */
    private static final long LEASE_SLACK_MS = 5_000;

    private final DataSource ds;
    private final String schedulerName;
    private final String self;
    private final Set<String> seen = new HashSet<>();
    private final Set<String> departed = new HashSet<>();

    ClusterPeers(DataSource ds, String schedulerName, String self) {
        this.ds = ds;
        this.schedulerName = schedulerName;
        this.self = self;
    }

    /** Reads the members now; returns every member ever seen that has since been declared dead. */
    synchronized Set<String> refresh() {
        Set<String> now = new HashSet<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT INSTANCE_NAME FROM QRTZ_SCHEDULER_STATE WHERE SCHED_NAME = ?")) {
            ps.setString(1, schedulerName);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    now.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the cluster's members: " + e.getMessage(), e);
        }
        for (String s : seen) {
            if (!now.contains(s) && !s.equals(self)) {
                departed.add(s);
            }
        }
        seen.addAll(now);
        departed.removeAll(now); // a member that checks in again is alive (Quartz warns about it)
        return Set.copyOf(departed);
    }

    synchronized boolean isMember(String owner) {
        return seen.contains(owner);
    }

    synchronized boolean departed(String owner) {
        return departed.contains(owner);
    }

    /**
     * Whether this member's own check-in is recent enough that no other member can have declared it dead
     * (Quartz does so once a member is silent for its check-in interval plus 7.5 s). A member that was
     * paused past that must not touch a device until it has checked in again: its transactions may be
     * another member's now. A journal that cannot be read does not pass.
     */
    boolean leaseValid(java.time.Instant now, java.time.Duration checkinInterval) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT LAST_CHECKIN_TIME FROM QRTZ_SCHEDULER_STATE WHERE SCHED_NAME = ? AND INSTANCE_NAME = ?")) {
            ps.setString(1, schedulerName);
            ps.setString(2, self);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                long last = rs.getLong(1);
                return now.toEpochMilli() - last < checkinInterval.toMillis() + LEASE_SLACK_MS;
            }
        } catch (SQLException e) {
            return false;
        }
    }
}
