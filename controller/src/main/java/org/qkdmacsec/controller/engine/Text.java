package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.qkdmacsec.spi.MkaSession;

/** How the engine writes keys, times and MKA sessions into operator messages (CKNs shortened, never keys). */
final class Text {
    private Text() { }

    static String ckn(Optional<String> ckn) {
        return ckn.map(Text::ckn).orElse("(none)");
    }

    static String ckn(String c) {
        return c.length() > 12 ? c.substring(0, 12) + "…" : c;
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    static String schedule(Map<String, Instant> future) {
        if (future.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        future.forEach((k, v) -> parts.add(ckn(k) + "@" + v));
        return String.join(", ", parts);
    }

    static String sessions(List<MkaSession> sessions) {
        if (sessions.isEmpty()) {
            return "no MKA session";
        }
        List<String> parts = new ArrayList<>();
        for (MkaSession m : sessions) {
            parts.add(ckn(m.ckn()) + " " + m.role().name().toLowerCase(Locale.ROOT) + (m.secured() ? " secured" : " not secured"));
        }
        return String.join(", ", parts);
    }
}
