package org.qkdmacsec.lab.iosxr;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Computes the MKA session of an interface from the committed configuration (XR key selection on the
 * device clock) and what the link model says. A port on no modelled link, or whose link is down, reports
 * PENDING with its locally selected key; INACTIVE when no key of its chain is valid now.
 */
final class MkaSessions {
    static final int DEFAULT_PRIORITY = 16;
    private static final Duration HELLO = Duration.ofSeconds(2);

    private final String hostname;
    private final DeviceClock clock;
    private final MkaLinkView links;

    MkaSessions(String hostname, DeviceClock clock, MkaLinkView links) {
        this.hostname = hostname;
        this.clock = clock;
        this.links = links;
    }

    Optional<MkaSessionState> session(XrConfig cfg, String iface) {
        InterfaceConfig ic = cfg.interfaces().get(iface);
        if (ic == null || ic.psk().isEmpty()) {
            return Optional.empty();
        }
        InterfaceConfig.PskBinding b = ic.psk().get();
        Instant now = clock.labNow();
        KeyChain chain = cfg.chains().get(b.keychain());
        List<ScheduledKey> keys = chain == null ? List.of() : XrKeySelection.schedule(chain, clock);
        Optional<ScheduledKey> key = XrKeySelection.activeAt(keys, now);
        Optional<MkaLinkView.LinkState> link = links.state(iface, now);
        MkaSessionState.Status status;
        if (key.isEmpty()) {
            status = MkaSessionState.Status.INACTIVE;
        } else if (link.isPresent() && link.get().secured() && link.get().ckn().map(c -> c.equalsIgnoreCase(key.get().ckn())).orElse(false)) {
            status = MkaSessionState.Status.SECURED;
        } else {
            status = MkaSessionState.Status.PENDING;
        }
        Optional<MkaSessionState.Peer> peer = Optional.empty();
        if (status == MkaSessionState.Status.SECURED) {
            MkaLinkView.LinkState l = link.get();
            peer = Optional.of(new MkaSessionState.Peer(mi(l.peerHost(), l.peerPort(), key.get().ckn()),
                    messageNumber(key.get(), now), mac(l.peerHost(), l.peerPort()) + "/0001", 2, DEFAULT_PRIORITY));
        }
        String myMi = key.map(k -> mi(hostname, iface, k.ckn())).orElse(mi(hostname, iface, ""));
        long myMn = key.map(k -> messageNumber(k, now)).orElse(0L);
        return Optional.of(new MkaSessionState(iface, b, key, status, peer, myMi, myMn, mac(hostname, iface), DEFAULT_PRIORITY));
    }

    /** Hello every 2 s since the key became active (at least 1). */
    private static long messageNumber(ScheduledKey k, Instant now) {
        if (k.from().equals(Instant.MIN)) {
            return 1;
        }
        return 1 + Math.max(0, Duration.between(k.from(), now).dividedBy(HELLO));
    }

    /** A stable 96-bit member identifier per (host, port, CKN). */
    static String mi(String host, String port, String ckn) {
        return HexFormat.of().withUpperCase().formatHex(digest(host + "|" + port + "|" + ckn.toLowerCase(Locale.ROOT)), 0, 12);
    }

    /** A stable locally administered MAC per (host, port), in Cisco dotted form. */
    static String mac(String host, String port) {
        byte[] d = digest(host + "|" + port);
        d[0] = (byte) ((d[0] & 0xFC) | 0x02);
        String h = HexFormat.of().formatHex(d, 0, 6);
        return h.substring(0, 4) + "." + h.substring(4, 8) + "." + h.substring(8, 12);
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
