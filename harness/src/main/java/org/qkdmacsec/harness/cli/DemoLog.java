package org.qkdmacsec.harness.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Where a demo run's log lines go. An operator watching {@code demo} wants the progress table and the
 * summary; the simulators' and drivers' INFO lines (every KME request, every commit) would bury them.
 * So, unless {@code -v}, every log line goes to a file in the lab state directory for the run, named at
 * the end, and the terminal's appenders are put back when the run is over.
 */
public final class DemoLog implements AutoCloseable {
    static final String FILE_NAME = "demo.log";

    private final Optional<Path> file;
    private final Logger root;
    private final List<Appender<ILoggingEvent>> terminal = new ArrayList<>();
    private FileAppender<ILoggingEvent> appender;

    private DemoLog(Optional<Path> file) {
        this.file = file;
        this.root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** Log lines stay on the terminal ({@code -v}). */
    public static DemoLog onTerminal() {
        return new DemoLog(Optional.empty());
    }

    /** Log lines go to {@code stateDir/demo.log} (replaced each run) instead of the terminal. */
    static DemoLog toFile(Path stateDir) throws IOException {
        return toFile(stateDir, FILE_NAME);
    }

    /** Log lines go to {@code dir/name} (replaced) instead of the terminal; {@code bench} uses it too. */
    public static DemoLog toFile(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        DemoLog log = new DemoLog(Optional.of(dir.resolve(name)));
        log.redirect();
        return log;
    }

    /** The file the log lines went to; empty when they stayed on the terminal. */
    public Optional<Path> file() {
        return file;
    }

    private void redirect() {
        LoggerContext ctx = root.getLoggerContext();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %-5level [%thread] %logger{20} - %msg%n");
        encoder.start();
        appender = new FileAppender<>();
        appender.setContext(ctx);
        appender.setName("demo-file");
        appender.setFile(file.orElseThrow().toString());
        appender.setAppend(false);
        appender.setEncoder(encoder);
        appender.start();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            terminal.add(it.next());
        }
        root.addAppender(appender);
        terminal.forEach(a -> root.detachAppender(a));
    }

    @Override
    public void close() {
        if (appender == null) {
            return;
        }
        terminal.forEach(root::addAppender);
        root.detachAppender(appender);
        appender.stop();
        appender = null;
    }
}
