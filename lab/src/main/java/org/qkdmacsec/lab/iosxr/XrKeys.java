package org.qkdmacsec.lab.iosxr;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.qkdmacsec.lab.mka.ActivationRule;
import org.qkdmacsec.lab.mka.MkaKey;

/**
 * The keys MKA may use on an interface, as the router sees them: the complete keys (valid key-string) of
 * the MACsec key chain the interface is bound to, lifetimes read as wall-clock times in the device's
 * zone and turned into instants of the device's own clock. Selection among them is IOS-XR's rule
 * ({@link ActivationRule#IOS_XR}: latest-starting key whose lifetime contains now), the same rule the
 * link model applies, so show output and the model cannot disagree.
 */
final class XrKeys {
    private XrKeys() {
    }

    static List<MkaKey> usable(XrConfig cfg, String iface, ZoneId zone) {
        List<MkaKey> out = new ArrayList<>();
        InterfaceConfig ic = cfg.interfaces().get(iface);
        if (ic == null || ic.psk().isEmpty()) {
            return out;
        }
        KeyChain chain = cfg.chains().get(ic.psk().get().keychain());
        if (chain == null || !chain.macsec()) {
            return out;
        }
        // Chain keys are sorted by CKN: at equal starts the rule picks the last, i.e. the highest CKN.
        for (MacsecKey k : chain.keys().values()) {
            if (k.keyString().isEmpty() || XrValidator.keyStringProblem(k.keyString().get()) != null) {
                continue;
            }
            byte[] cak = HexFormat.of().parseHex(Type7.decode(k.keyString().get().type7()));
            if (k.lifetime().isEmpty()) {
                // Always valid: older than any dated key, so a valid dated key wins over it.
                out.add(MkaKey.of(k.ckn(), cak, Instant.EPOCH));
                continue;
            }
            Lifetime lt = k.lifetime().get();
            LocalDateTime start = lt.start().toLocalDateTime();
            LocalDateTime end = null;
            if (lt.end() instanceof Lifetime.ForSeconds d) {
                end = start.plusSeconds(d.seconds());
            } else if (lt.end() instanceof Lifetime.Until u) {
                end = u.end().toLocalDateTime();
            }
            out.add(MkaKey.of(k.ckn(), cak, ZonedDateTime.of(start, zone).toInstant(),
                    end == null ? null : ZonedDateTime.of(end, zone).toInstant()));
        }
        return out;
    }

    /** The key the router uses now on its own clock. */
    static Optional<MkaKey> active(List<MkaKey> keys, DeviceClock clock) {
        return ActivationRule.IOS_XR.activeAt(keys, clock.deviceNow().toInstant());
    }

    /** The configured key of {@code iface}'s chain with this CKN (the model lower-cases CKNs). */
    static Optional<MacsecKey> configured(XrConfig cfg, String iface, String ckn) {
        return Optional.ofNullable(cfg.interfaces().get(iface))
                .flatMap(InterfaceConfig::psk)
                .map(b -> cfg.chains().get(b.keychain()))
                .flatMap(ch -> ch.keys().values().stream().filter(k -> k.ckn().equalsIgnoreCase(ckn)).findFirst());
    }
}
