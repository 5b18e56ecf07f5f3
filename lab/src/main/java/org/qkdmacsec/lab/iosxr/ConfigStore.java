package org.qkdmacsec.lab.iosxr;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.qkdmacsec.lab.time.CommitLatency;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's committed configuration, shared by the CLI and gNMI front-ends. Every commit is atomic:
 * the candidate's changes are applied to the current committed configuration, validated as a whole,
 * and either installed or refused with nothing changed. Also holds the exclusive configuration lock and
 * the one trial ("commit confirmed") that may be pending; a trial not confirmed by its deadline is rolled
 * back, evaluated lazily on every access and by the simulator's poller, and the rollback takes effect at
 * the deadline (listeners see that instant, not the instant it was noticed).
 */
final class ConfigStore {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigStore.class);

    /** A pending commit confirmed: who made it, its id (gNMI) and what to restore at the deadline. */
    record Trial(SessionRef owner, String id, Instant deadline, XrConfig previous) {
    }

    /** The outcome of a commit that was accepted. */
    enum Committed { CHANGED, NO_CHANGES }

    private final DeviceClock clock;
    private final Faults faults;
    private final CommitLatency latency;
    private final List<ConfigListener> listeners = new CopyOnWriteArrayList<>();
    private XrConfig committed = XrConfig.EMPTY;
    private SessionRef exclusiveOwner;
    private Trial trial;

    ConfigStore(DeviceClock clock, Faults faults, Duration commitLatency) {
        this.clock = clock;
        this.faults = faults;
        this.latency = new CommitLatency(clock.lab(), commitLatency);
    }

    /** Adds a listener and tells it the current configuration at once. */
    synchronized void addListener(ConfigListener l) {
        expireTrial();
        listeners.add(l);
        l.committed(clock.labNow(), committed);
    }

    long commitOperations() {
        return latency.operations();
    }

    synchronized XrConfig committed() {
        expireTrial();
        return committed;
    }

    synchronized Optional<Trial> trial() {
        expireTrial();
        return Optional.ofNullable(trial);
    }

    /** Rolls back an expired trial; called on every access and by the poller. */
    synchronized void expireTrial() {
        if (trial != null && !clock.labNow().isBefore(trial.deadline())) {
            Trial t = trial;
            trial = null;
            LOG.info("commit confirmed by {} not confirmed by {}: rolled back", t.owner(), t.deadline());
            install(t.previous(), t.deadline());
        }
    }

    /** Takes the exclusive lock for {@code who}; false if another session holds it. */
    synchronized boolean lockExclusive(SessionRef who) {
        if (exclusiveOwner != null && !exclusiveOwner.equals(who)) {
            return false;
        }
        exclusiveOwner = who;
        return true;
    }

    synchronized Optional<SessionRef> exclusiveOwner() {
        return Optional.ofNullable(exclusiveOwner);
    }

    synchronized void unlock(SessionRef who) {
        if (who.equals(exclusiveOwner)) {
            exclusiveOwner = null;
        }
    }

    /**
     * Commits {@code changes} for {@code who}. With {@code confirmWithin} the commit is a trial that rolls
     * back unless confirmed in time; a plain commit by the trial's owner confirms it.
     *
     * @throws CommitRefusedException  locked by another session, a trial of another session pending, or an injected fault
     * @throws ConfigRejectedException the resulting configuration fails validation (nothing changed)
     */
    Committed commit(SessionRef who, UnaryOperator<XrConfig> changes, Optional<Duration> confirmWithin, String trialId)
            throws CommitRefusedException, ConfigRejectedException {
        sleep(faults.commitDelay());
        takeTime();
        synchronized (this) {
            expireTrial();
            if (exclusiveOwner != null && !exclusiveOwner.equals(who)) {
                throw new CommitRefusedException(CommitRefusedException.Reason.LOCKED,
                        "the configuration is locked exclusively by " + exclusiveOwner);
            }
            if (trial != null && !trial.owner().equals(who)) {
                throw new CommitRefusedException(CommitRefusedException.Reason.TRIAL_PENDING,
                        "a 'commit confirmed' of " + trial.owner() + " is pending confirmation until " + trial.deadline());
            }
            Optional<String> fault = faults.takeCommitFailure();
            if (fault.isPresent()) {
                throw new CommitRefusedException(CommitRefusedException.Reason.FAULT, fault.get());
            }
            XrConfig next = changes.apply(committed);
            XrValidator.check(next);
            boolean changed = !next.equals(committed);
            if (confirmWithin.isPresent()) {
                XrConfig restore = trial != null ? trial.previous() : committed;
                trial = new Trial(who, trialId, clock.labNow().plus(confirmWithin.get()), restore);
            } else if (trial != null) {
                trial = null;
            }
            if (changed) {
                install(next, clock.labNow());
            }
            return changed ? Committed.CHANGED : Committed.NO_CHANGES;
        }
    }

    /** Confirms the pending trial of {@code who} (or with gNMI commit id {@code id} when not null); a commit too, it takes the latency. */
    void confirm(SessionRef who, String id) throws CommitRefusedException {
        synchronized (this) {
            requireTrial(who, id);
        }
        takeTime();
        synchronized (this) {
            requireTrial(who, id);
            trial = null;
        }
    }

    /**
     * The router's commit latency on the lab clock ({@link CommitLatency}); the commit (and a trial's
     * rollback timer) takes effect when it has elapsed.
     */
    private void takeTime() {
        try {
            latency.elapse();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Cancels the pending trial now: the configuration before it is restored. */
    synchronized void cancel(SessionRef who, String id) throws CommitRefusedException {
        Trial t = requireTrial(who, id);
        trial = null;
        install(t.previous(), clock.labNow());
    }

    /** Moves the pending trial's deadline to now + {@code d}. */
    synchronized void setRollbackDuration(SessionRef who, String id, Duration d) throws CommitRefusedException {
        Trial t = requireTrial(who, id);
        trial = new Trial(t.owner(), t.id(), clock.labNow().plus(d), t.previous());
    }

    private Trial requireTrial(SessionRef who, String id) throws CommitRefusedException {
        expireTrial();
        if (trial == null) {
            throw new CommitRefusedException(CommitRefusedException.Reason.NO_TRIAL, "no commit is pending confirmation");
        }
        boolean matches = id != null ? id.equals(trial.id()) : trial.owner().equals(who);
        if (!matches) {
            throw new CommitRefusedException(CommitRefusedException.Reason.TRIAL_PENDING,
                    "the pending commit belongs to " + trial.owner() + (trial.id() == null ? "" : " with a different id"));
        }
        return trial;
    }

    private void install(XrConfig next, Instant at) {
        committed = next;
        for (ConfigListener l : listeners) {
            l.committed(at, next);
        }
    }

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
