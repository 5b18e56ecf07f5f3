package org.qkdmacsec.controller.daemon;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/** The JVM's meters and the daemon's own gauges ({@code qkd_macsec_links}, {@code qkd_macsec_ready}). */
final class DaemonMetrics implements AutoCloseable {
    private final JvmGcMetrics gc = new JvmGcMetrics();

    DaemonMetrics(PrometheusMeterRegistry registry, IntSupplier links, BooleanSupplier ready) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
        Gauge.builder("qkd_macsec_links", links, IntSupplier::getAsInt).description("Links in the inventory in force").strongReference(true)
                .register(registry);
        Gauge.builder("qkd_macsec_ready", ready, r -> r.getAsBoolean() ? 1 : 0).description("1 when the daemon schedules rollovers")
                .strongReference(true).register(registry);
    }

    @Override
    public void close() {
        gc.close();
    }
}
