package org.qkdmacsec.harness.playbook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.qkdmacsec.config.Durations;
import org.qkdmacsec.spi.KeySlot;
import org.qkdmacsec.spi.MkaSession;

/**
 * The {@code verify} check on what {@link LinkProbe} read: on both ends MKA reports the expected CKN
 * secured (and not as the preceding CA), the key chain holds it, and the key is no older than the bound.
 */
final class KeyCheck {
    /** The verdict, one line for the report, and what each end showed. */
    record Result(boolean ok, String message, List<String> detail) { }

    private KeyCheck() {
    }

    /**
     * @param expected       a CKN or a prefix of one (lower case)
     * @param maxAge         bound on the key's age, if any
     * @param journalSince   when the journal saw the key start (for ends whose keys have no start-time)
     */
    static Result verify(List<LinkProbe.End> ends, String expected, Optional<Duration> maxAge, Instant now,
                         Optional<Instant> journalSince) {
        List<String> problems = new ArrayList<>();
        List<String> detail = new ArrayList<>();
        Duration oldest = Duration.ZERO;
        for (LinkProbe.End e : ends) {
            detail.add(describe(e));
            if (e.error().isPresent()) {
                problems.add(e.device() + ": cannot read (" + e.error().get() + ")");
                continue;
            }
            boolean secured = e.mka().stream().anyMatch(m -> matches(m.ckn(), expected) && m.secured()
                    && m.role() != MkaSession.MkaRole.PRECEDING);
            if (!secured) {
                problems.add(e.device() + " " + e.interfaceName() + ": MKA does not report " + shortCkn(expected) + " secured ("
                        + mka(e.mka()) + ")");
            }
            Optional<KeySlot> slot = e.keys().flatMap(v -> v.slots().stream().filter(s -> matches(s.ckn(), expected)).findFirst());
            if (slot.isEmpty()) {
                problems.add(e.device() + ": key chain " + e.keys().map(v -> v.keyChain()).orElse("?") + " does not hold " + shortCkn(expected));
                continue;
            }
            Optional<Instant> since = slot.get().start().or(() -> journalSince);
            if (maxAge.isPresent()) {
                if (since.isEmpty()) {
                    problems.add(e.device() + ": cannot tell the age of " + shortCkn(expected) + " (no start-time on the device, none in the journal)");
                } else {
                    Duration age = Duration.between(since.get(), now).withNanos(0);
                    oldest = age.compareTo(oldest) > 0 ? age : oldest;
                    if (age.compareTo(maxAge.get()) > 0) {
                        problems.add(e.device() + ": key " + shortCkn(expected) + " is " + Durations.format(age) + " old (bound "
                                + Durations.format(maxAge.get()) + ")");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            return new Result(false, String.join("; ", problems), detail);
        }
        return new Result(true, "MKA secured with " + shortCkn(expected) + " on both ends"
                + (maxAge.isPresent() ? ", key age " + Durations.format(oldest) + " (bound " + Durations.format(maxAge.get()) + ")" : ""),
                detail);
    }

    /** Whether any of {@code ckns} is still on an end (read without error). */
    static List<String> holding(List<LinkProbe.End> ends, List<String> ckns) {
        List<String> out = new ArrayList<>();
        for (LinkProbe.End e : ends) {
            e.keys().ifPresent(v -> ckns.stream().filter(c -> v.slot(c).isPresent())
                    .forEach(c -> out.add(e.device() + " still holds " + shortCkn(c))));
        }
        return out;
    }

    static boolean matches(String ckn, String expected) {
        return ckn.toLowerCase(Locale.ROOT).startsWith(expected);
    }

    static String shortCkn(String ckn) {
        return ckn.length() > 12 ? ckn.substring(0, 12) + "…" : ckn;
    }

    private static String describe(LinkProbe.End e) {
        if (e.error().isPresent() && e.keys().isEmpty()) {
            return e.device() + " " + e.interfaceName() + ": cannot read (" + e.error().get() + ")";
        }
        String keys = e.keys().map(v -> v.keyChain() + " [" + String.join(", ", v.slots().stream().map(s -> shortCkn(s.ckn())
                + s.start().map(t -> " from " + t).orElse("") + s.end().map(t -> " until " + t).orElse("")).toList()) + "]").orElse("?");
        return e.device() + " " + e.interfaceName() + ": MKA " + mka(e.mka()) + "; key chain " + keys
                + e.error().map(x -> "; MKA unreadable: " + x).orElse("");
    }

    private static String mka(List<MkaSession> sessions) {
        if (sessions.isEmpty()) {
            return "no session";
        }
        List<String> parts = new ArrayList<>();
        for (MkaSession m : sessions) {
            parts.add(shortCkn(m.ckn()) + " " + m.role().name().toLowerCase(Locale.ROOT) + (m.secured() ? " secured" : " not secured")
                    + ", " + m.livePeers() + " live peer(s)");
        }
        return String.join("; ", parts);
    }
}
