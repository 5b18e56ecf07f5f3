package org.qkdmacsec.driver.iosxr;

import static org.qkdmacsec.driver.iosxr.KeyChainJson.child;
import static org.qkdmacsec.driver.iosxr.KeyChainJson.list;
import static org.qkdmacsec.driver.iosxr.KeyChainJson.number;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.qkdmacsec.spi.MkaSession;

/**
 * Reads IOS-XR operational JSON_IETF: MKA sessions ({@code Cisco-IOS-XR-crypto-macsec-mka-oper},
 * {@code session/ca[]} with {@code ckn, status-description, authentication-mode, num-live-peers} and
 * {@code session/vp/latest-an}) and the system clock ({@code Cisco-IOS-XR-shellutil-oper:system-time},
 * {@code clock/{year … millisecond, time-zone, time-source}} and {@code uptime/host-name}).
 */
final class OperJson {
    private OperJson() {
    }

    static List<MkaSession> mka(JsonNode value, String interfaceName) {
        List<MkaSession> out = new ArrayList<>();
        JsonNode session = find(value, n -> child(n, "ca") != null);
        if (session == null) {
            return out;
        }
        JsonNode an = child(child(session, "vp"), "latest-an");
        List<JsonNode> cas = list(child(session, "ca"));
        for (JsonNode ca : cas) {
            JsonNode ckn = child(ca, "ckn");
            if (ckn == null) {
                continue;
            }
            String mode = text(child(ca, "authentication-mode"));
            String status = text(child(ca, "status-description"));
            MkaSession.MkaRole role = mode.isEmpty()
                    ? (out.isEmpty() ? MkaSession.MkaRole.PRIMARY : MkaSession.MkaRole.UNKNOWN)
                    : role(mode);
            JsonNode peers = child(ca, "num-live-peers");
            Optional<Integer> latestAn = an != null && (role == MkaSession.MkaRole.PRIMARY || cas.size() == 1)
                    ? Optional.of((int) number(an)) : Optional.empty();
            out.add(new MkaSession(interfaceName, ckn.asText().toLowerCase(Locale.ROOT), role, secured(status),
                    peers == null ? 0 : (int) number(peers), latestAn,
                    mode.isEmpty() ? status : status + " (" + mode + ")"));
        }
        return out;
    }

    static ClockReading clock(JsonNode value, Instant observedAt) {
        JsonNode clock = find(value, n -> child(n, "year") != null && child(n, "hour") != null);
        if (clock == null) {
            throw new IllegalArgumentException("no clock in system-time");
        }
        JsonNode ms = child(clock, "millisecond");
        LocalDateTime local = LocalDateTime.of(field(clock, "year"), field(clock, "month"), field(clock, "day"),
                field(clock, "hour"), field(clock, "minute"), Math.min(59, field(clock, "second")),
                ms == null ? 0 : (int) number(ms) * 1_000_000);
        JsonNode host = find(value, n -> child(n, "host-name") != null);
        return new ClockReading(local, text(child(clock, "time-zone")), observedAt,
                "ntp".equalsIgnoreCase(text(child(clock, "time-source"))),
                host == null ? "" : text(child(host, "host-name")), Optional.empty());
    }

    static MkaSession.MkaRole role(String authenticationMode) {
        String m = authenticationMode.toUpperCase(Locale.ROOT);
        if (m.contains("PRIMARY")) {
            return MkaSession.MkaRole.PRIMARY;
        }
        if (m.contains("FALLBACK")) {
            return MkaSession.MkaRole.FALLBACK;
        }
        return MkaSession.MkaRole.UNKNOWN;
    }

    /** "SECURED - Secured MKA Session with MACsec" yes; "NOT SECURED", "UNSECURED" no. */
    static boolean secured(String status) {
        String s = status.toUpperCase(Locale.ROOT);
        return s.contains("SECURED") && !s.contains("NOT SECURED") && !s.contains("UNSECURED")
                && !s.contains("NOT-SECURED");
    }

    private static int field(JsonNode n, String name) {
        JsonNode v = child(n, name);
        if (v == null) {
            throw new IllegalArgumentException("clock without " + name);
        }
        return (int) number(v);
    }

    private static String text(JsonNode n) {
        return n == null ? "" : n.asText();
    }

    private static JsonNode find(JsonNode node, Predicate<JsonNode> match) {
        if (node == null) {
            return null;
        }
        if (node.isObject() && match.test(node)) {
            return node;
        }
        if (node.isContainerNode()) {
            for (JsonNode c : node) {
                JsonNode found = find(c, match);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
