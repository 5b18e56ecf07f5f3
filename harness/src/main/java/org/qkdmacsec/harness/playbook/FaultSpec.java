package org.qkdmacsec.harness.playbook;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.inventory.LinkSide;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.lab.kme.KmeEndpoint;
import org.qkdmacsec.lab.kme.KmeQuirk;

/**
 * One fault to inject.
 *
 * @param side        aim at this end of each target link (its KME or its device)
 * @param named       or aim at this KME id / device name
 * @param endpoint    KME faults: only this ETSI 014 call (default: every call the fault applies to)
 * @param sticky      KME faults: on every request until {@code fault: clear} (default: the next request only)
 * @param amount      the latency ({@code kme-latency}) or the skew ({@code clock-skew})
 * @param beforeApply {@code session-drop}: drop before the commit takes effect (default: after)
 * @param message     {@code commit-failure}: the device's error text
 * @param quirk       {@code kme-quirk}: the published KME's deviation to show (until {@code fault: clear})
 */
public record FaultSpec(FaultKind kind, Optional<SideRef> side, Optional<String> named, Optional<KmeEndpoint> endpoint,
                        boolean sticky, Optional<Duration> amount, boolean beforeApply, String message, Optional<KmeQuirk> quirk) {
    public static final String DEFAULT_MESSAGE = "configuration check-out failed (injected by a playbook)";

    static FaultSpec clear() {
        return new FaultSpec(FaultKind.CLEAR, Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty(),
                false, DEFAULT_MESSAGE, Optional.empty());
    }

    /** An end of a link, as a fault names it. */
    public enum SideRef {
        A, B, ENC, DEC;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<SideRef> fromId(String id) {
            for (SideRef s : values()) {
                if (s.id().equals(id)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }

        LinkSide of(Link link) {
            return switch (this) {
                case A -> link.side(Side.A);
                case B -> link.side(Side.B);
                case ENC -> link.enc();
                case DEC -> link.dec();
            };
        }
    }

    /** The KME id or device name this fault hits for {@code link} (or its explicit name). */
    String targetFor(Link link) {
        if (named.isPresent()) {
            return named.get();
        }
        LinkSide s = side.orElseThrow().of(link);
        return kind.target() == FaultKind.Target.KME ? s.kme() : s.device();
    }
}
