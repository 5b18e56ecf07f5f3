package org.qkdmacsec.harness.engine;

import org.qkdmacsec.controller.engine.KeySupply;
import org.qkdmacsec.controller.engine.LinkSpec;
import org.qkdmacsec.controller.keys.DerivedKey;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * The leak check of the engine tests: keeps a copy of every CAK the engine receives (by wrapping the
 * real key supply — it observes, it does not change anything), captures every log line, and scans
 * logs, results and the journal's database files for the keys in hex (both cases) and base64.
 */
final class KeyRecorder extends AppenderBase<ILoggingEvent> {
    private final List<byte[]> keys = new ArrayList<>();
    private final StringBuilder log = new StringBuilder();

    KeySupply wrap(KeySupply real) {
        return new KeySupply() {
            @Override
            public List<String> check(LinkSpec link, int count) {
                return real.check(link, count);
            }

            @Override
            public List<DerivedKey> fetch(LinkSpec link, int count) {
                List<DerivedKey> out = real.fetch(link, count);
                synchronized (keys) {
                    out.forEach(k -> keys.add(k.cak().copyBytes()));
                }
                return out;
            }
        };
    }

    /** Captures everything our code and the simulators log, at DEBUG. */
    KeyRecorder attach() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        setContext(ctx);
        start();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(this);
        ctx.getLogger("org.qkdmacsec").setLevel(Level.DEBUG);
        ctx.getLogger("qkd_macsec").setLevel(Level.DEBUG);
        return this;
    }

    void detach() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(this);
        stop();
    }

    @Override
    protected synchronized void append(ILoggingEvent e) {
        log.append(e.getFormattedMessage()).append('\n');
        if (e.getThrowableProxy() != null) {
            log.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
        }
    }

    int keyCount() {
        synchronized (keys) {
            return keys.size();
        }
    }

    /** Fails (returns a description) when any recorded key appears in {@code text} or the files under {@code dir}. */
    String leaks(String extraText, Path dir) throws IOException {
        String haystack;
        synchronized (this) {
            haystack = log + "\n" + extraText;
        }
        StringBuilder files = new StringBuilder();
        List<byte[]> raw = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                byte[] b = Files.readAllBytes(p);
                raw.add(b);
                files.append(new String(b, StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
        List<String> found = new ArrayList<>();
        synchronized (keys) {
            for (byte[] k : keys) {
                String hex = HexFormat.of().formatHex(k);
                for (String form : List.of(hex, hex.toUpperCase(), Base64.getEncoder().encodeToString(k),
                        Base64.getUrlEncoder().withoutPadding().encodeToString(k))) {
                    if (haystack.contains(form)) {
                        found.add("log/result contains a key as " + form.substring(0, 8) + "…");
                    }
                    if (files.indexOf(form) >= 0) {
                        found.add("journal files contain a key as " + form.substring(0, 8) + "…");
                    }
                }
                for (byte[] f : raw) {
                    if (indexOf(f, k) >= 0) {
                        found.add("journal files contain a key's raw bytes");
                    }
                }
            }
        }
        return String.join("; ", found);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
