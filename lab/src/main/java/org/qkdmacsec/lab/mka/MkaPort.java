package org.qkdmacsec.lab.mka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One end of a link in an {@link MkaLinkModel}. The device simulator that owns the port feeds it on
 * every committed change (and on a commit-confirmed rollback, timestamped at its deadline).
 */
public final class MkaPort {
    private final MkaLinkModel link;
    private final Side side;
    private volatile Runnable beforeRead = () -> { };

    MkaPort(MkaLinkModel link, Side side) {
        this.link = link;
        this.side = side;
    }

    public Side side() {
        return side;
    }

    public MkaLinkModel link() {
        return link;
    }

    /** Records what the device holds from {@code feed.at()} on. */
    public void feed(PortFeed feed) {
        link.record(side, feed);
    }

    /** Records what the device holds from lab instant {@code at} on. */
    public void feed(Instant at, List<MkaKey> keys, Duration clockOffset, ActivationRule rule) {
        feed(new PortFeed(at, keys, clockOffset, rule));
    }

    /** Records what the device holds from the lab clock's now on (a commit happening now). */
    public void commitNow(List<MkaKey> keys, Duration clockOffset, ActivationRule rule) {
        feed(new PortFeed(link.clock().instant(), keys, clockOffset, rule));
    }

    /**
     * Registers a hook the model runs before it answers any question, so the owning device can first
     * record overdue events (a commit-confirmed rollback whose deadline passed). It runs outside the
     * model's lock and may call {@link #feed}.
     */
    public void beforeRead(Runnable hook) {
        beforeRead = Objects.requireNonNull(hook, "hook");
    }

    void refresh() {
        beforeRead.run();
    }

    /** This side's MKA view at lab instant {@code t}. */
    public PortState stateAt(Instant t) {
        return link.stateAt(side, t);
    }

    /** This side's MKA view at the lab clock's now. */
    public PortState state() {
        return link.state(side);
    }

    @Override
    public String toString() {
        return "MkaPort[" + side + "]";
    }
}
