package org.qkdmacsec.harness.chaos;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures every log line of the search (our code's, at INFO and up) instead of printing it, so each
 * run's lines can be scanned for key bytes; the console appenders are put back afterwards.
 */
final class LogScan extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    /** {@code -Dchaos.print}: every log line of the run on stderr too (for replaying one seed). */
    private static final boolean PRINT = System.getProperty("chaos.print") != null;
    private final List<String> lines = new ArrayList<>();
    private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    private final Logger root;
    private final Level level;

    LogScan() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        level = root.getLevel();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            detached.add(it.next());
        }
        detached.forEach(root::detachAppender);
        setContext(ctx);
        start();
        root.addAppender(this);
        root.setLevel(Level.INFO);
    }

    @Override
    protected synchronized void append(ILoggingEvent e) {
        lines.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()));
        if (PRINT) {
            System.err.println("LOG " + e.getThreadName() + " " + e.getLoggerName() + " " + e.getFormattedMessage());
        }
    }

    /** The lines since the last call, and forgets them. */
    synchronized List<String> drain() {
        List<String> out = List.copyOf(lines);
        lines.clear();
        return out;
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
        detached.forEach(root::addAppender);
        root.setLevel(level);
    }
}
