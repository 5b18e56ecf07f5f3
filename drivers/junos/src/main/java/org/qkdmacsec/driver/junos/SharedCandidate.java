package org.qkdmacsec.driver.junos;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.DriverException.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared candidate configuration under the NETCONF lock: the only way this driver changes a Junos
 * configuration. Juniper's XML protocol guide ("Committing the Candidate Configuration Only After
 * Confirmation") says a confirmed commit cannot be performed on a private copy, and the CLI guide says
 * {@code commit confirmed} cannot be issued in {@code configure private} mode; so, as NAPALM and PyEZ
 * do: lock → load → commit [confirmed] → unlock, and discard-changes → unlock to abandon.
 *
 * <p>The lock is refused while another session holds it, and while the shared candidate holds
 * uncommitted changes (RFC 6241 8.3.5.2; Junos: "configuration database modified"). Those changes are
 * someone else's: this class never sends {@code discard-changes} unless it holds the lock, so it can
 * only ever discard what it loaded itself. When the session ends, Junos releases the lock and discards
 * what the lock holder left uncommitted (XML protocol guide, {@code <lock-configuration>}); a confirmed
 * commit's rollback timer is the device's and keeps running.
 */
final class SharedCandidate {
    private static final Logger LOG = LoggerFactory.getLogger(JunosDriver.class);
    private static final String LOCK = "<lock><target><candidate/></target></lock>";
    private static final String UNLOCK = "<unlock><target><candidate/></target></unlock>";

    private final DeviceRpc rpc;
    private boolean held;

    SharedCandidate(DeviceRpc rpc) {
        this.rpc = rpc;
    }

    /** This session holds the lock (as far as it knows: a lost session has released it). */
    boolean held() {
        return held && rpc.isOpen();
    }

    /**
     * Takes the lock, waiting up to {@code maxWait} while another session holds it: another controller
     * (a cluster member, an operator's CLI command) changing the same router holds it for one commit,
     * seconds. Uncommitted changes that are not ours are refused at once: they stay until a person acts.
     *
     * @throws DriverException LOCKED, naming who holds the lock or saying that the candidate holds
     *                         someone else's uncommitted changes (left untouched)
     */
    void lock(String purpose, Duration maxWait) {
        if (held()) {
            return;
        }
        long end = System.nanoTime() + Math.max(0, maxWait.toNanos());
        long pause = FIRST_PAUSE_MS;
        int attempts = 0;
        while (true) {
            RpcReply r = rpc.call("lock", LOCK);
            attempts++;
            if (!r.failed()) {
                held = true;
                if (attempts > 1) {
                    LOG.info("{}: took the configuration lock after {} attempt(s)", rpc.device(), attempts);
                }
                return;
            }
            String said = r.errors().stream().map(e -> e.message().replaceAll("\\s*\\n\\s*", " ").trim())
                    .reduce((a, b) -> a + "; " + b).orElse("");
            boolean modified = said.toLowerCase(Locale.ROOT).contains("modified");
            long left = end - System.nanoTime();
            if (modified || left <= 0) {
                throw new DriverException(Kind.LOCKED, rpc.device(), "cannot lock the candidate configuration to " + purpose + ": "
                        + (modified ? "it holds uncommitted changes that are not ours (device: '" + said + "'); they were left as"
                                + " they are: commit or discard them on the router (show | compare), then retry"
                                : "another session holds the configuration lock (device: '" + said + "'"
                                + (attempts > 1 ? "; " + attempts + " attempts over " + maxWait.toSeconds() + " s" : "")
                                + "); retry when it is released, or end that session on the router"));
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DriverException(Kind.LOCKED, rpc.device(), "interrupted while waiting for the configuration lock to "
                        + purpose);
            }
            pause = Math.min(MAX_PAUSE_MS, pause * 2);
        }
    }

    private static final long FIRST_PAUSE_MS = 100;
    private static final long MAX_PAUSE_MS = 1_000;

    /**
     * Loads every change into the locked candidate in one {@code <load-configuration>}; the request, which
     * carries the CAKs, is assembled in a {@link WipeableBuffer} and wiped once sent.
     */
    void load(List<KeyChainChange> changes) {
        try (WipeableBuffer payload = new WipeableBuffer(1024 * changes.size())) {
            KeyChainChange.render(changes, payload);
            byte[] body = payload.toByteArray();
            try {
                load(body, PortBatch.describe(changes));
            } finally {
                Arrays.fill(body, (byte) 0);
            }
        }
    }

    /** Loads into the locked candidate; the device's refusal is {@link Kind#DEVICE_ERROR}. */
    void load(byte[] payload, String what) {
        RpcReply r = rpc.call("load-configuration", payload);
        if (r.failed()) {
            throw new DriverException(Kind.DEVICE_ERROR, rpc.device(), "the device rejected " + what + ": " + r.errorSummary());
        }
    }

    /** The device's {@code show | compare} of the candidate against the active configuration. */
    String diff() {
        return DeviceReplies.configurationText(rpc.require("get-configuration compare",
                "<get-configuration compare=\"rollback\" rollback=\"0\" format=\"text\"/>", Kind.DEVICE_ERROR).root());
    }

    /**
     * A commit RPC. A lost session or a timeout becomes an error that says the outcome is unknown
     * ({@code rollbackNote} adds when a confirmed commit would roll back); after a lost session the
     * lock is gone with it.
     */
    RpcReply commit(String body, String rollbackNote) {
        try {
            return rpc.call(body.startsWith("<commit>") ? "commit" : "commit-configuration", body);
        } catch (DriverException e) {
            if (e.kind() != Kind.SESSION_LOST && e.kind() != Kind.TIMEOUT) {
                throw e;
            }
            if (e.kind() == Kind.SESSION_LOST) {
                held = false;
            } else {
                // The session is alive and handles RPCs in order: discard-changes runs after the commit
                // ends, dropping our change if it failed and nothing if it went through; then unlock.
                discardQuietly();
            }
            String what = e.kind() == Kind.TIMEOUT ? "no reply to the commit in time"
                    : "the NETCONF session was lost during the commit (Junos released the lock and discarded anything"
                    + " uncommitted)";
            throw new DriverException(e.kind(), rpc.device(), what + ": the outcome of the commit is unknown — read the key"
                    + " chain before retrying" + rollbackNote + " (" + e.getMessage().substring(rpc.device().length() + 2) + ")", e);
        }
    }

    /**
     * Releases the lock. A refusal is logged, not thrown: it follows a commit that took effect or a
     * discard, and the next {@link #lock} finds the lock still ours.
     */
    void unlock() {
        if (!held()) {
            held = false;
            return;
        }
        RpcReply r = rpc.call("unlock", UNLOCK);
        if (r.failed()) {
            LOG.warn("{}: unlock refused: {}; the lock stays with this session until it ends", rpc.device(), r.errorSummary());
            return;
        }
        held = false;
    }

    /** Drops what this session loaded and releases the lock; errors are logged (nothing else to undo). */
    void discardQuietly() {
        if (!held()) {
            held = false;
            return;
        }
        try {
            RpcReply d = rpc.call("discard-changes", "<discard-changes/>");
            if (d.failed()) {
                LOG.warn("{}: discard-changes refused: {}; unlocking discards them too", rpc.device(), d.errorSummary());
            }
            unlock();
        } catch (DriverException e) {
            LOG.debug("{}: cleaning up the locked candidate: {}", rpc.device(), e.getMessage());
        }
    }
}
