package org.qkdmacsec.controller.daemon;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.qkdmacsec.controller.engine.LinkSpec;
import org.qkdmacsec.controller.engine.Reason;
import org.qkdmacsec.controller.engine.RolloverRequest;
import org.qkdmacsec.controller.engine.RolloverResult;
import org.qkdmacsec.config.Durations;
import org.qkdmacsec.controller.journal.LinkStateRecord;
import org.qkdmacsec.controller.journal.TxnRecord;
import org.qkdmacsec.controller.runtime.ControllerRuntime;
import org.qkdmacsec.controller.runtime.LinkSpecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a link's schedule fires, independent of Quartz: skip while the link is held down
 * after repeated KME failures or has a transaction in flight anywhere in the cluster, else submit the
 * periodic run (keyring top-up and retirement) and return once the engine has journalled it; the
 * outcome is handled when the transaction ends (alarms, hold-down, an early run to replenish a keyring
 * that ran low, the link's runs kept between its key activations). Never holds a thread for a
 * transaction's lead or overlap.
 */
final class LinkRunner {
    static final int HISTORY = 16;
    private static final Logger LOG = LoggerFactory.getLogger("qkd_macsec.daemon");
    private static final Set<Reason> VERIFY = EnumSet.of(Reason.VERIFY_TIMEOUT, Reason.ACTIVATE_FAILED, Reason.READBACK_MISMATCH);

    /** What the runner asks of the scheduler (implemented over Quartz by {@link LinkSchedules}). */
    interface ScheduleControl {
        /** One extra run of the link at {@code when}. */
        void fireAt(String linkId, Instant when);

        /** The link's next run. */
        Optional<Instant> nextFire(String linkId);

        /** Keep the link's runs between its key activations, whose grid passes through {@code keyStart}. */
        void alignTo(String linkId, Instant keyStart);
    }

    private final ControllerRuntime runtime;
    private final DaemonConfig config;
    private final BeginWatch begins;
    private final Alarms alarms;
    private final Clock clock;
    private final MeterRegistry registry;
    private final BooleanSupplier stopping;
    private volatile ScheduleControl schedules;
    private volatile Consumer<RolloverResult> onFinished = r -> { };

    LinkRunner(ControllerRuntime runtime, DaemonConfig config, BeginWatch begins, Alarms alarms, Clock clock, MeterRegistry registry,
               BooleanSupplier stopping) {
        this.runtime = runtime;
        this.config = config;
        this.begins = begins;
        this.alarms = alarms;
        this.clock = clock;
        this.registry = registry;
        this.stopping = stopping;
    }

    void scheduleControl(ScheduleControl c) {
        this.schedules = c;
    }

    /** Told of every transaction this runner submitted when it ends (per-link metrics). */
    void onFinished(Consumer<RolloverResult> listener) {
        this.onFinished = listener;
    }

    /** One fire of {@code linkId}'s schedule, planned for {@code scheduled}. */
    FireOutcome fire(String linkId, Instant scheduled) {
        FireOutcome o = decideAndSubmit(linkId);
        LOG.info("event=fire link={} scheduled={} action={} reason={} txn={}", linkId, scheduled,
                o.submitted() ? "submitted" : "skipped", o.reason(), o.txnId().orElse("-"));
        Counter.builder("qkd_macsec_schedule_fires_total").description("Scheduled runs, submitted or skipped and why")
                .tag("action", o.submitted() ? "submitted" : "skipped").tag("reason", o.reason()).register(registry).increment();
        return o;
    }

    private FireOutcome decideAndSubmit(String linkId) {
        if (stopping.getAsBoolean()) {
            return FireOutcome.skipped(linkId, "shutting_down");
        }
        Optional<LinkSpec> spec = LinkSpecs.byId(runtime.inventory(), linkId);
        if (spec.isEmpty()) {
            return FireOutcome.skipped(linkId, "not_in_inventory");
        }
        if (holdDown(linkId).isPresent()) {
            return FireOutcome.skipped(linkId, "hold_down");
        }
        if (inProgress(linkId)) {
            return FireOutcome.skipped(linkId, "in_progress");
        }
        return submit(spec.get(), RolloverRequest.periodic(spec.get()), "periodic");
    }

    /**
     * An operator's rollover (a fresh key at now + lead): refused while the link is being prepared, and
     * while it is held down after KME failures unless {@code force} — asking again at once mostly burns
     * keys or hits the same failing KME, so trying anyway is an explicit decision.
     */
    FireOutcome operator(String linkId, boolean force) {
        if (stopping.getAsBoolean()) {
            return FireOutcome.skipped(linkId, "shutting_down");
        }
        Optional<LinkSpec> spec = LinkSpecs.byId(runtime.inventory(), linkId);
        if (spec.isEmpty()) {
            return FireOutcome.skipped(linkId, "not_in_inventory");
        }
        if (inProgress(linkId)) {
            return FireOutcome.skipped(linkId, "in_progress");
        }
        Optional<Instant> hold = holdDown(linkId);
        if (hold.isPresent() && !force) {
            return FireOutcome.skipped(linkId, "hold_down");
        }
        LOG.info("event=operator_rollover link={} forced={} hold_down_until={}", linkId, hold.isPresent(), hold.map(Instant::toString)
                .orElse("-"));
        return submit(spec.get(), RolloverRequest.immediate(spec.get()), "operator");
    }

    /** The end of the KME hold-down in force on the link, if one is. */
    Optional<Instant> holdDown(String linkId) {
        Instant now = clock.instant();
        return LinkHealth.of(runtime.journal().history(linkId, HISTORY), now).holdDownUntil(config.resilience()).filter(now::isBefore);
    }

    /**
     * Submits {@code request} and waits (bounded by {@code scheduler.begin-timeout}; zero: not at all)
     * until the engine has journalled it or refused it.
     */
    FireOutcome submit(LinkSpec link, RolloverRequest request, String what) {
        CompletableFuture<String> begun = begins.expect(link.id());
        CompletableFuture<RolloverResult> result = runtime.engine().submit(request);
        result.whenComplete((r, e) -> {
            begins.forget(link.id(), begun);
            if (r != null) {
                finished(link, r);
                onFinished.accept(r);
            }
        });
        if (config.scheduler().beginTimeout().isZero()) {
            return new FireOutcome(link.id(), true, what, Optional.ofNullable(begun.getNow(null)));
        }
        try {
            CompletableFuture.anyOf(begun, result).get(config.scheduler().beginTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Admission is queued behind the global cap: the transaction begins when a slot frees.
            return new FireOutcome(link.id(), true, what + "_queued", Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.error("event=fire link={} error=\"{}\"", link.id(), e.getCause().toString());
        }
        if (result.isDone() && !begun.isDone()) {
            RolloverResult r = result.join();
            return new FireOutcome(link.id(), false, r.reason().map(x -> x.name().toLowerCase(java.util.Locale.ROOT)).orElse("refused"), r.txnId());
        }
        return new FireOutcome(link.id(), true, what, Optional.ofNullable(begun.getNow(null)));
    }

    /**
     * Whether a transaction is preparing the link: in this engine (perhaps still queued for admission,
     * without a journal row yet) or, by the journal's claim, in any instance (or awaiting recovery). A
     * transaction that has committed and waits for its start-time does not count: the next one may
     * prepare the following key side by side (one indexed read, whatever the number of links).
     */
    boolean inProgress(String linkId) {
        return runtime.engine().busyLinks().contains(linkId) || runtime.journal().preparingTxn(linkId).isPresent();
    }

    /** A transaction ended: alarms, hold-down, and an early run when the keyring is running low. */
    void finished(LinkSpec link, RolloverResult r) {
        try {
            Optional<Reason> reason = r.reason();
            if (reason.filter(VERIFY::contains).isPresent()) {
                alarms.raise(link.id(), Alarms.VERIFY_FAILED, r.message());
            }
            if (r.ok() && r.start().isPresent() && !r.newCkns().isEmpty() && schedules != null) {
                schedules.alignTo(link.id(), r.start().get());
            }
            if (r.ok() || reason.filter(x -> x == Reason.LINK_BUSY || x == Reason.RECOVERED).isPresent()) {
                return;
            }
            Instant now = clock.instant();
            List<TxnRecord> history = runtime.journal().history(link.id(), HISTORY);
            LinkHealth health = LinkHealth.of(history, now);
            Optional<Instant> hold = health.holdDownUntil(config.resilience());
            if (reason.filter(LinkHealth.KME::contains).isPresent() && hold.isPresent()) {
                alarms.raise(link.id(), Alarms.KME_HOLD_DOWN, health.kmeFailures() + " consecutive KME failures (last: " + reason.get()
                        + "); no new key is requested until " + hold.get() + " (" + Durations.format(Duration.between(now, hold.get()).withNanos(0))
                        + "); the keys in place stay in service");
                return;
            }
            replenish(link, now);
        } catch (RuntimeException e) {
            LOG.error("event=finished link={} error=\"{}\"", link.id(), e.toString());
        }
    }

    /**
     * A run failed and the keyring is below its target: if the regular next run would come too late to
     * add the next key on its slot, ask for one earlier.
     */
    private void replenish(LinkSpec link, Instant now) {
        ScheduleControl e = schedules;
        Optional<LinkStateRecord> state = runtime.journal().linkState(link.id());
        if (e == null || state.isEmpty()) {
            return;
        }
        Duration lead = config.engine().confirmWindow().plus(config.engine().leadMargin());
        Optional<Instant> at = Replenish.earlyFire(link, state.get(), e.nextFire(link.id()), now, lead);
        at.ifPresent(t -> {
            LOG.info("event=replenish link={} future_keys={} at={}", link.id(), state.get().futureSlots(), t);
            e.fireAt(link.id(), t);
        });
    }
}
