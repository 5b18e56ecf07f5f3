package org.qkdmacsec.controller.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured log line per step and per outcome, and the engine's metrics. Everything here is
 * identifiers, names, durations and outcomes: callers never pass key material.
 */
public final class EngineEvents {
    private static final Logger LOG = LoggerFactory.getLogger("qkd_macsec.rollover");

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Instant> activeSince = new ConcurrentHashMap<>();
    private final List<Consumer<StepEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<AlarmEvent>> alarmListeners = new CopyOnWriteArrayList<>();

    /** One journalled step, as listeners (the CLI's progress lines) see it. */
    public record StepEvent(String linkId, String txnId, String step, Optional<String> side, Duration duration,
                            String outcome, String detail) { }

    /** One alarm, as listeners (the daemon's webhook) see it: identifiers and words, never key material. */
    public record AlarmEvent(String linkId, String kind, String message, Instant at) { }

    /** Registers a listener for every alarm (called on the raising thread; keep it quick). */
    public void onAlarm(Consumer<AlarmEvent> listener) {
        alarmListeners.add(listener);
    }

    /** Registers a listener for every step (called on the engine's threads; keep it quick). */
    public void onStep(Consumer<StepEvent> listener) {
        listeners.add(listener);
    }

    public EngineEvents(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    public MeterRegistry registry() {
        return registry;
    }

    void step(String linkId, String txnId, String step, Optional<String> side, Duration duration, String outcome,
              String detail) {
        LOG.info("event=step link={} txn={} step={} side={} duration_ms={} result={}{}", linkId, txnId, step,
                side.orElse("-"), duration.toMillis(), outcome, detail.isEmpty() ? "" : " detail=\"" + detail + "\"");
        StepEvent e = new StepEvent(linkId, txnId, step, side, duration, outcome, detail);
        listeners.forEach(l -> l.accept(e));
        Timer.builder("qkd_macsec_step_seconds").description("Duration of one rollover step")
                .tag("step", step).tag("result", outcome).register(registry).record(duration);
    }

    void finished(RolloverResult r) {
        String reason = r.reason().map(Enum::name).orElse("-");
        if (r.ok()) {
            LOG.info("event=rollover link={} txn={} state={} reason={} duration_ms={} message=\"{}\"", r.linkId(),
                    r.txnId().orElse("-"), r.state(), reason, r.duration().toMillis(), r.message());
        } else {
            LOG.warn("event=rollover link={} txn={} state={} reason={} duration_ms={} message=\"{}\"", r.linkId(),
                    r.txnId().orElse("-"), r.state(), reason, r.duration().toMillis(), r.message());
        }
        Counter.builder("qkd_macsec_rollovers_total").description("Finished rollover transactions")
                .tag("result", r.state().name()).tag("reason", reason).register(registry).increment();
    }

    /** Logs {@code event=alarm}, counts it in {@code qkd_macsec_alarms_total{kind}} and tells the alarm listeners. */
    public void alarm(String linkId, String kind, String message) {
        LOG.error("event=alarm link={} kind={} message=\"{}\"", linkId, kind, message);
        Counter.builder("qkd_macsec_alarms_total").tag("kind", kind).register(registry).increment();
        AlarmEvent e = new AlarmEvent(linkId, kind, message, clock.instant());
        alarmListeners.forEach(l -> l.accept(e));
    }

    /** Records that {@code linkId}'s current key became active at {@code since}; drives the key-age gauge. */
    public void keyActive(String linkId, Instant since) {
        if (activeSince.put(linkId, since) == null) {
            Gauge.builder("qkd_macsec_key_age_seconds", activeSince,
                            m -> Optional.ofNullable(m.get(linkId))
                                    .map(t -> Duration.between(t, clock.instant()).toMillis() / 1000.0).orElse(Double.NaN))
                    .description("Seconds since the link's current key became active")
                    .tag("link", linkId).register(registry);
        }
    }
}
