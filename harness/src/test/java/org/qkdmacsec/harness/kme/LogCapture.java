package org.qkdmacsec.harness.kme;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Records every log event of the JVM (controller and simulators alike), formatted with its stack trace,
 * at DEBUG and above, for leak scans.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<String> lines = new ArrayList<>();
    private final PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    private final Logger root;
    private final Level previous;

    private LogCapture() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        previous = root.getLevel();
        encoder.setContext(ctx);
        encoder.setPattern("%level %logger - %msg%n%ex");
        encoder.start();
        setContext(ctx);
        setName("leak-capture");
        start();
        root.addAppender(this);
        root.setLevel(Level.DEBUG);
    }

    static LogCapture install() {
        return new LogCapture();
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
    }

    synchronized String text() {
        return String.join("", lines);
    }

    synchronized int size() {
        return lines.size();
    }

    @Override
    public void close() {
        root.detachAppender(this);
        root.setLevel(previous);
        stop();
    }
}
