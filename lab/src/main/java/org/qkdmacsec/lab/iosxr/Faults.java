package org.qkdmacsec.lab.iosxr;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Faults a test can inject into a running {@link IosXrSimulator}. One-shot faults fire once and clear
 * themselves; {@link #slowCommits} stays until reset. gNMI reachability lives on the simulator
 * ({@link IosXrSimulator#setGnmiReachable}) because it opens and closes the listener.
 */
public final class Faults {
    /** Where a session drop happens relative to the command that triggers it. */
    public enum When { BEFORE, AFTER }

    record Drop(String commandPrefix, When when) {
    }

    record LineRefusal(String commandPrefix, String message) {
    }

    private final AtomicReference<String> failNextCommit = new AtomicReference<>();
    private final AtomicReference<Duration> slowCommits = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Drop> dropCli = new AtomicReference<>();
    private final AtomicReference<When> dropNextSet = new AtomicReference<>();
    private final AtomicReference<LineRefusal> refuseLine = new AtomicReference<>();

    Faults() {
    }

    /** The next commit (CLI {@code commit} or gNMI Set) fails with {@code reason}; nothing is applied. */
    public void failNextCommit(String reason) {
        failNextCommit.set(reason == null ? "injected failure" : reason);
    }

    /** Every commit and gNMI Set takes {@code delay} longer (real time: it exercises client timeouts). */
    public void slowCommits(Duration delay) {
        slowCommits.set(delay == null || delay.isNegative() ? Duration.ZERO : delay);
    }

    /**
     * The SSH session that next enters a CLI command starting with {@code commandPrefix} is dropped,
     * before the command runs or after it ran (its output is not sent).
     */
    public void dropSessionOnCommand(String commandPrefix, When when) {
        dropCli.set(new Drop(commandPrefix.trim(), when));
    }

    /**
     * The next gNMI Set answers UNAVAILABLE as if the connection broke, before applying anything or
     * after the change was committed (the client cannot tell which).
     */
    public void dropNextSet(When when) {
        dropNextSet.set(when);
    }

    /**
     * The next CLI line starting with {@code commandPrefix} is refused (one shot): the router prints
     * {@code % <message>} instead of running it, as IOS-XR refuses a configuration line it cannot take, and the
     * session stays where it was (an open configuration session keeps what it was given before).
     */
    public void refuseLine(String commandPrefix, String message) {
        refuseLine.set(new LineRefusal(commandPrefix.trim(), message));
    }

    /** Clears every fault. */
    public void reset() {
        failNextCommit.set(null);
        slowCommits.set(Duration.ZERO);
        dropCli.set(null);
        dropNextSet.set(null);
        refuseLine.set(null);
    }

    Optional<String> takeCommitFailure() {
        return Optional.ofNullable(failNextCommit.getAndSet(null));
    }

    Duration commitDelay() {
        return slowCommits.get();
    }

    Optional<When> takeCliDrop(String command) {
        Drop d = dropCli.get();
        if (d != null && command.trim().startsWith(d.commandPrefix()) && dropCli.compareAndSet(d, null)) {
            return Optional.of(d.when());
        }
        return Optional.empty();
    }

    Optional<String> takeLineRefusal(String command) {
        LineRefusal r = refuseLine.get();
        if (r != null && command.trim().startsWith(r.commandPrefix()) && refuseLine.compareAndSet(r, null)) {
            return Optional.of(r.message());
        }
        return Optional.empty();
    }

    Optional<When> takeSetDrop() {
        return Optional.ofNullable(dropNextSet.getAndSet(null));
    }
}
