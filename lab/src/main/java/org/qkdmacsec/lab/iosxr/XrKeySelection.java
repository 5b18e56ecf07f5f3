package org.qkdmacsec.lab.iosxr;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * IOS-XR's rule for the key MKA uses from a MACsec key chain: among the keys whose lifetime contains
 * now, the one with the latest start (ties broken by the higher CKN, a simulator choice). Keys without a
 * valid key-string are ignored, as the router cannot use them.
 */
final class XrKeySelection {
    private XrKeySelection() {
    }

    /** The usable keys of {@code chain}, placed on the lab time line through the device clock. */
    static List<ScheduledKey> schedule(KeyChain chain, DeviceClock clock) {
        List<ScheduledKey> out = new ArrayList<>();
        if (!chain.macsec()) {
            return out;
        }
        for (MacsecKey k : chain.keys().values()) {
            if (k.keyString().isEmpty() || XrValidator.keyStringProblem(k.keyString().get()) != null) {
                continue;
            }
            KeyString ks = k.keyString().get();
            Instant from = Instant.MIN;
            Instant until = Instant.MAX;
            if (k.lifetime().isPresent()) {
                Lifetime lt = k.lifetime().get();
                LocalDateTime start = lt.start().toLocalDateTime();
                from = clock.labInstantOf(start);
                if (lt.end() instanceof Lifetime.ForSeconds d) {
                    until = clock.labInstantOf(start.plusSeconds(d.seconds()));
                } else if (lt.end() instanceof Lifetime.Until u) {
                    until = clock.labInstantOf(u.end().toLocalDateTime());
                }
            }
            out.add(new ScheduledKey(k.ckn(), ks.algorithm(), ScheduledKey.cakOf(ks), from, until));
        }
        return out;
    }

    /** The key the router uses at lab instant {@code t}, if any. */
    static Optional<ScheduledKey> activeAt(List<ScheduledKey> keys, Instant t) {
        return keys.stream()
                .filter(k -> k.validAt(t))
                .max(Comparator.comparing(ScheduledKey::from).thenComparing(ScheduledKey::ckn));
    }
}
