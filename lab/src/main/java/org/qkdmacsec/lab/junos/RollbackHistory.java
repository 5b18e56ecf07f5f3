package org.qkdmacsec.lab.junos;

import java.util.ArrayList;
import java.util.List;

/**
 * Committed configurations, newest first: {@code rollback 0} is the active one. Junos keeps 50
 * (rollback 0 to 49). Not thread-safe: {@link JunosDevice} calls it under its own monitor.
 */
final class RollbackHistory {
    private static final int MAX_ROLLBACKS = 50;
    private final List<ConfigNode> history = new ArrayList<>();

    void record(ConfigNode committed) {
        history.add(0, committed.copy());
        if (history.size() > MAX_ROLLBACKS) {
            history.remove(history.size() - 1);
        }
    }

    ConfigNode get(int rollback) throws RpcException {
        if (rollback < 0 || rollback >= history.size()) {
            throw new RpcException(RpcError.error("application", "invalid-value", "rollback " + rollback + " does not exist").bad("rollback"));
        }
        return history.get(rollback);
    }
}
