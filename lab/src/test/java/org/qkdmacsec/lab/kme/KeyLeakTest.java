package org.qkdmacsec.lab.kme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qkdmacsec.lab.pki.TestPki;
import org.slf4j.LoggerFactory;

/**
 * Captures every log line (logback at TRACE, plus the JDK HTTP server's java.util.logging output) while
 * keys flow through every endpoint and fault, then looks for each served key in hex (both cases) and
 * base64 (standard, URL-safe, unpadded).
 */
class KeyLeakTest {
    @TempDir
    Path dir;
    final ListAppender<ILoggingEvent> logback = new ListAppender<>();
    final List<String> jul = new ArrayList<>();
    final Handler julHandler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (jul) {
                jul.add(r.getLoggerName() + " " + r.getMessage() + " " + r.getParameters() + " " + r.getThrown());
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    Logger root;
    Level rootLevel;
    java.util.logging.Logger jdkHttp = java.util.logging.Logger.getLogger("com.sun.net.httpserver");

    @BeforeEach
    void capture() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.TRACE);
        logback.start();
        root.addAppender(logback);
        jdkHttp.setLevel(java.util.logging.Level.ALL);
        jdkHttp.addHandler(julHandler);
    }

    @AfterEach
    void release() {
        root.detachAppender(logback);
        root.setLevel(rootLevel);
        jdkHttp.removeHandler(julHandler);
        jdkHttp.setLevel(null);
    }

    @Test
    void noServedKeyEverReachesTheLogs() throws Exception {
        List<String> served = new ArrayList<>();
        try (LabPair lab = new LabPair(TestPki.create(dir), KeyPoolSpec.defaults().withMaxKeyCount(40))) {
            EtsiClient a = lab.client("sae-a");
            EtsiClient b = lab.client("sae-b");
            Faults fa = lab.net.kme("kme-a").faults();
            Faults fb = lab.net.kme("kme-b").faults();

            EtsiClient.Response enc = a.encKeys("sae-b", 8, 256);
            served.add(enc.body());
            served.add(b.decKeys("sae-a", enc.keyIds()).body());
            EtsiClient.Response get = a.get("sae-b/enc_keys?number=2&size=1024");
            served.add(get.body());
            served.add(b.get("sae-a/dec_keys?key_ID=" + get.keyIds().get(0)).body());
            fb.once(Fault.wrongKey());
            served.add(b.get("sae-a/dec_keys?key_ID=" + get.keyIds().get(1)).body());
            fa.once(Fault.corruptKey());
            EtsiClient.Response corrupt = a.encKeys("sae-b", 3, 256);
            served.add(corrupt.body());
            fb.once(Fault.latency(Duration.ofMillis(10)));
            served.add(b.decKeys("sae-a", corrupt.keyIds()).body());
            EtsiClient.Response dropped = a.encKeys("sae-b", 4, 512);
            served.add(dropped.body());
            fb.once(Fault.dropConnection());
            assertThrows(IOException.class, () -> b.decKeys("sae-a", dropped.keyIds()));
            b.decKeys("sae-a", dropped.keyIds()); // 400: already delivered
            lab.client("sae-c").decKeys("sae-a", enc.keyIds()); // 401
            a.encKeys("sae-b", 40, 256); // 400: exhausted
            fa.once(Fault.unavailable());
            a.encKeys("sae-b", 1, 256);
        }

        List<String> keys = new ArrayList<>();
        for (String body : served) {
            EtsiClient.JSON.readTree(body).path("keys").forEach(k -> keys.add(k.path("key").asText()));
        }
        assertEquals(8 + 8 + 2 + 1 + 1 + 3 + 3 + 4, keys.size());

        StringBuilder all = new StringBuilder();
        for (ILoggingEvent e : logback.list) {
            all.append(e.getLoggerName()).append(' ').append(e.getFormattedMessage()).append(' ')
                    .append(e.getMDCPropertyMap()).append(' ');
            if (e.getThrowableProxy() != null) {
                all.append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
            }
            all.append('\n');
        }
        synchronized (jul) {
            jul.forEach(line -> all.append(line).append('\n'));
        }
        String logs = all.toString();
        assertTrue(logs.contains("kme-a POST /api/v1/keys/sae-b/enc_keys sae=sae-a status=200 keys=8"), logs);
        assertTrue(logs.contains("status=dropped keys=4"), logs);
        assertTrue(logs.contains("status=400"), logs);

        for (String key : keys) {
            for (String form : forms(key)) {
                assertFalse(logs.contains(form), "a served key appears in the logs");
            }
        }
    }

    /** Every way a key might be printed. */
    private static List<String> forms(String base64) {
        List<String> forms = new ArrayList<>();
        forms.add(base64);
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException corrupt) {
            return forms; // an injected corrupt key: only its literal text can leak
        }
        String hex = HexFormat.of().formatHex(raw);
        forms.add(hex);
        forms.add(hex.toUpperCase());
        forms.add(Base64.getUrlEncoder().encodeToString(raw));
        forms.add(Base64.getEncoder().withoutPadding().encodeToString(raw));
        return forms;
    }
}
