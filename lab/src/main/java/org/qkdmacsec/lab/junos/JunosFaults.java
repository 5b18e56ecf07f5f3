package org.qkdmacsec.lab.junos;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fault injection for a running {@link JunosSimulator}, from Java. One-shot faults fire once, on any
 * session, then clear themselves. Thread-safe.
 */
public final class JunosFaults {
    /** Where a session drop happens relative to the RPC's effect. */
    public enum DropPoint {
        /** The RPC is received and the SSH session dropped before it has any effect. */
        BEFORE_APPLY,
        /** The RPC takes effect (e.g. the commit is applied), then the session drops without a reply. */
        AFTER_APPLY
    }

    record Drop(String rpc, DropPoint point) {
    }

    /** A refused load: the key chain it fires on and the device's message. */
    record LoadRefusal(String keyChain, String message) {
    }

    private final AtomicReference<Drop> drop = new AtomicReference<>();
    private final AtomicReference<String> commitFailure = new AtomicReference<>();
    private final AtomicReference<LoadRefusal> loadRefusal = new AtomicReference<>();
    private volatile Duration commitDelay = Duration.ZERO;
    private volatile Duration commitSlowdown = Duration.ZERO;
    private volatile boolean refuseLock;
    private volatile boolean mkaStuck;
    private final AtomicReference<String> mkaFrozenCkn = new AtomicReference<>();

    /** The next RPC named {@code rpcName} (e.g. "commit-configuration") drops its SSH session (one shot). */
    public void dropSessionOn(String rpcName, DropPoint when) {
        drop.set(new Drop(Objects.requireNonNull(rpcName), Objects.requireNonNull(when)));
    }

    /** The next commit (not a commit check) fails with an rpc-error carrying {@code message} (one shot). */
    public void failNextCommit(String message) {
        commitFailure.set(Objects.requireNonNull(message));
    }

    /**
     * The next {@code load-configuration} that carries key chain {@code keyChain} is refused (one shot): an
     * rpc-error with {@code message} at {@code [edit security authentication-key-chains key-chain <keyChain>]}
     * and a {@code load-error-count}. The rest of that request stays in the candidate, as a real load with
     * errors may leave it: Juniper's {@code <load-configuration-results>} reference says that after a load with
     * errors "the candidate configuration must be restored to a valid state before it is committed".
     */
    public void refuseLoadOf(String keyChain, String message) {
        loadRefusal.set(new LoadRefusal(Objects.requireNonNull(keyChain), Objects.requireNonNull(message)));
    }

    /** Every commit waits {@code delay} of wall-clock time before it is applied; ZERO turns it off. */
    public void slowCommit(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative commit delay " + delay);
        }
        commitDelay = delay;
    }

    /**
     * Every commit takes {@code extra} longer on the lab's clock than the device's commit latency (a router
     * slowed down by load after the controller learnt its pace); ZERO turns it off.
     */
    public void slowCommitOnLabClock(Duration extra) {
        if (extra.isNegative()) {
            throw new IllegalArgumentException("negative commit slowdown " + extra);
        }
        commitSlowdown = extra;
    }

    /** While on, every lock and private-configuration request is denied as if another user held the lock. */
    public void refuseLock(boolean refuse) {
        refuseLock = refuse;
    }

    /**
     * While on, {@code get-mka-session-information} keeps reporting the CA that was secured when it was
     * first asked, and shows any newer primary CA as in progress, never secured: MKA "never confirms"
     * a new key although the link itself (the model) is fine. Models a stuck MKA process.
     */
    public void mkaNeverConfirms(boolean stuck) {
        mkaFrozenCkn.set(null);
        mkaStuck = stuck;
    }

    /** Clears every fault. */
    public void clear() {
        drop.set(null);
        commitFailure.set(null);
        loadRefusal.set(null);
        commitDelay = Duration.ZERO;
        commitSlowdown = Duration.ZERO;
        refuseLock = false;
        mkaStuck = false;
        mkaFrozenCkn.set(null);
    }

    /** Whether a primary CA named {@code ckn}, secured in the model, must be shown as not secured. */
    boolean hideSecured(String ckn) {
        if (!mkaStuck) {
            return false;
        }
        mkaFrozenCkn.compareAndSet(null, ckn);
        return !ckn.equals(mkaFrozenCkn.get());
    }

    /** Consumes the drop fault when it matches this RPC. */
    DropPoint takeDrop(String rpc) {
        Drop d = drop.get();
        return d != null && d.rpc().equals(rpc) && drop.compareAndSet(d, null) ? d.point() : null;
    }

    /** Consumes the load refusal when {@code chains} (the key chains a load carries) include its chain. */
    LoadRefusal takeLoadRefusal(java.util.Set<String> chains) {
        LoadRefusal r = loadRefusal.get();
        return r != null && chains.contains(r.keyChain()) && loadRefusal.compareAndSet(r, null) ? r : null;
    }

    String takeCommitFailure() {
        return commitFailure.getAndSet(null);
    }

    Duration commitDelay() {
        return commitDelay;
    }

    Duration commitSlowdown() {
        return commitSlowdown;
    }

    boolean lockRefused() {
        return refuseLock;
    }
}
