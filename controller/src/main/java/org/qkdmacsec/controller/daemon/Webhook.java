package org.qkdmacsec.controller.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.qkdmacsec.controller.engine.EngineEvents.AlarmEvent;
import org.qkdmacsec.spi.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs every alarm as JSON to the configured URL, asynchronously so a slow receiver never holds up a
 * rollover. At most {@value #MAX_IN_FLIGHT} posts are outstanding; further alarms are dropped and
 * counted ({@code qkd_macsec_webhook_posts_total{result="dropped"}}) — the log and the metric still
 * have them. The body holds identifiers and words only (the alarm's message), never key material.
 */
final class Webhook implements Consumer<AlarmEvent>, AutoCloseable {
    static final int MAX_IN_FLIGHT = 16;
    private static final Logger LOG = LoggerFactory.getLogger("qkd_macsec.daemon");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DaemonConfig.Webhook config;
    private final String instance;
    private final MeterRegistry registry;
    private final Optional<Secret> token;
    private final ExecutorService executor;
    private final HttpClient client;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    Webhook(DaemonConfig.Webhook config, String instance, MeterRegistry registry) {
        this.config = config;
        this.instance = instance;
        this.registry = registry;
        this.token = config.token().map(r -> r.resolve());
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "webhook");
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder().executor(executor).connectTimeout(config.timeout()).build();
    }

    /** The JSON body of one alarm (docs/daemon.md "Webhook"). */
    static String body(AlarmEvent e, String instance) {
        ObjectNode o = JSON.createObjectNode();
        o.put("event", "alarm");
        o.put("kind", e.kind());
        o.put("link", e.linkId());
        o.put("message", e.message());
        o.put("at", e.at().toString());
        o.put("instance", instance);
        return o.toString();
    }

    @Override
    public void accept(AlarmEvent e) {
        if (!inFlight.tryAcquire()) {
            count("dropped");
            return;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(config.url()).timeout(config.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(e, instance), StandardCharsets.UTF_8));
        token.ifPresent(t -> b.header("Authorization", t.apply(bytes -> "Bearer " + new String(bytes, StandardCharsets.UTF_8))));
        client.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((r, err) -> {
            inFlight.release();
            if (err != null) {
                LOG.warn("event=webhook result=failed kind={} link={} error=\"{}\"", e.kind(), e.linkId(), err.toString());
                count("failed");
            } else if (r.statusCode() / 100 != 2) {
                LOG.warn("event=webhook result=failed kind={} link={} status={}", e.kind(), e.linkId(), r.statusCode());
                count("failed");
            } else {
                count("sent");
            }
        });
    }

    private void count(String result) {
        Counter.builder("qkd_macsec_webhook_posts_total").description("Alarm webhook posts").tag("result", result)
                .register(registry).increment();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        token.ifPresent(Secret::close);
    }
}
