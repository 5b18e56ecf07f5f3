package org.qkdmacsec.controller.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deviations of the KMEs this process has met, each reported once per KME and topic for the life of
 * the process: a KME whose {@code /status} is no Status says so on the first rollover, not on every one.
 * Warnings found while fetching keys (a KME returning longer keys than asked) are logged at once and
 * handed to the next {@code check} of a link that uses that KME, so they reach a transaction's notes.
 */
final class KmeWarnings {
    private static final Logger LOG = LoggerFactory.getLogger(KmeWarnings.class);

    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Map<String, List<String>> pending = new LinkedHashMap<>();

    /** True the first time {@code topic} is raised for {@code kme}; the warning is then logged. */
    boolean first(String kme, String topic, String message) {
        if (!seen.add(kme + "\u0000" + topic)) {
            return false;
        }
        LOG.warn("{}", message);
        return true;
    }

    /** A warning raised outside {@code check}: kept for the next check of a link through {@code kme}. */
    void later(String kme, String topic, String message) {
        if (first(kme, topic, message)) {
            synchronized (pending) {
                pending.computeIfAbsent(kme, k -> new ArrayList<>()).add(message);
            }
        }
    }

    /** The kept warnings of these KMEs, each handed out once. */
    List<String> drain(String... kmes) {
        List<String> out = new ArrayList<>();
        synchronized (pending) {
            for (String k : kmes) {
                List<String> w = pending.remove(k);
                if (w != null) {
                    out.addAll(w);
                }
            }
        }
        return out;
    }
}
