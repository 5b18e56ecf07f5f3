package org.qkdmacsec.lab.junos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * The NETCONF sessions of one simulated Junos device and who holds the exclusive lock on the shared
 * candidate. Not thread-safe: {@link JunosDevice} calls it under its own monitor.
 */
final class Sessions {
    private static final int FIRST_SESSION_ID = 28001;

    /** One load into a private database, replayed on the committed configuration when read. */
    record LoadOp(Element configuration, boolean override) {
    }

    /** One session: its user, since when (lab time), and its private database if open. */
    static final class State {
        final int id;
        final String user;
        final Instant sinceLab;
        boolean privateOpen;
        final List<LoadOp> privateOps = new ArrayList<>();

        State(int id, String user, Instant sinceLab) {
            this.id = id;
            this.user = user;
            this.sinceLab = sinceLab;
        }

        /**
         * Juniper's XML protocol guide ("Committing the Candidate Configuration Only After
         * Confirmation"): "You cannot perform this commit operation on a private copy of the
         * configuration"; the CLI guide: "You cannot issue the commit confirmed command when you are in
         * configure private mode". The error text is the CLI's, as quoted in Juniper/py-junos-eznc pull
         * request 954 (which also notes some SRX releases since allow it; the simulator follows the
         * guides).
         */
        void refuseConfirmedCommit(Duration confirmWithin) throws RpcException {
            if (confirmWithin != null && privateOpen) {
                throw new RpcException(RpcError.error("application", "operation-failed",
                        "commit confirmed not supported for private configuration"));
            }
        }

        /** The private candidate: this session's loads replayed on {@code committed} (left untouched). */
        ConfigNode privateCandidate(ConfigNode committed) throws RpcException {
            ConfigNode base = committed.copy();
            for (LoadOp op : privateOps) {
                if (op.override()) {
                    base = new ConfigNode("configuration");
                }
                ConfigLoad.merge(base, op.configuration());
            }
            return base;
        }
    }

    private final Map<Integer, State> sessions = new HashMap<>();
    private int nextSessionId = FIRST_SESSION_ID;
    private int lockHolder;

    int open(String user, Instant atLab) {
        int id = nextSessionId++;
        sessions.put(id, new State(id, user, atLab));
        return id;
    }

    /** Removes the session; true when it held the lock (which is released with it). */
    boolean close(int id) {
        sessions.remove(id);
        if (lockHolder == id) {
            lockHolder = 0;
            return true;
        }
        return false;
    }

    int count() {
        return sessions.size();
    }

    State get(int id) {
        State s = sessions.get(id);
        if (s == null) {
            throw new IllegalStateException("session " + id + " is closed");
        }
        return s;
    }

    /** The session holding the lock, 0 for none. */
    int lockHolder() {
        return lockHolder;
    }

    void lock(int id) {
        lockHolder = id;
    }

    void unlock() {
        lockHolder = 0;
    }

    /** Junos' refusal while another user holds the configuration exclusively ({@code since}: device-local time). */
    static RpcException lockDenied(int holder, String user, String since) {
        return new RpcException(RpcError.error("protocol", "lock-denied",
                "configuration database locked by:\n  " + user + " terminal -- (pid " + holder + ") on since " + since
                        + "\n  exclusive [edit]").holder(holder));
    }

    /** The session holding the lock when it is not {@code sid}; null when {@code sid} may edit. */
    State lockedByOther(int sid) {
        return lockHolder != 0 && lockHolder != sid ? sessions.get(lockHolder) : null;
    }
}
