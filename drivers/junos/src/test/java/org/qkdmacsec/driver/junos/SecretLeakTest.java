package org.qkdmacsec.driver.junos;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qkdmacsec.spi.Candidate;
import org.slf4j.LoggerFactory;

/**
 * Every logger at DEBUG (the NETCONF trace included) during a staged, committed and confirmed
 * two-key rollover: the captured output must not contain either CAK in hex (either case) or base64,
 * nor the $9$ form the device returns for the pre-existing key.
 */
class SecretLeakTest extends SimulatorFixture {

    @Test
    void noCakInAnyLogOutputAtDebug() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Map<Logger, Level> saved = new HashMap<>();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Logger l : ctx.getLoggerList()) {
            saved.put(l, l.getLevel());
            l.setLevel(l == root ? Level.DEBUG : null);
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern("%level %logger %msg %ex%n");
        enc.start();
        OutputStreamAppender<ILoggingEvent> app = new OutputStreamAppender<>();
        app.setContext(ctx);
        app.setEncoder(enc);
        app.setOutputStream(captured);
        app.start();
        root.addAppender(app);
        try {
            open(Base.BASE_1_1);
            driver.facts();
            Candidate c = driver.stage(PORT, twoFutureKeys());
            driver.commit(c, Duration.ofMinutes(1));
            driver.readKeys(PORT);
            driver.confirm(c);
            driver.readMka(PORT);
            driver.readKeys(PORT);
        } finally {
            root.detachAppender(app);
            app.stop();
            saved.forEach(Logger::setLevel);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("org.qkdmacsec.driver.junos.trace") && log.contains("<load-configuration"),
                "the NETCONF trace ran at DEBUG");
        assertTrue(log.contains("<secret>[redacted]</secret>"), "secrets show as redacted in the trace");
        for (byte[] cak : List.of(CAK_1, CAK_2, HexFormat.of().parseHex(CAK_ACTIVE))) {
            String hex = HexFormat.of().formatHex(cak);
            assertFalse(log.contains(hex), "CAK (lower-case hex) in the log");
            assertFalse(log.contains(hex.toUpperCase()), "CAK (upper-case hex) in the log");
            assertFalse(log.contains(Base64.getEncoder().encodeToString(cak)), "CAK (base64) in the log");
        }
        assertFalse(log.contains("$9$"), "a $9$-encoded secret in the log");
    }
}
