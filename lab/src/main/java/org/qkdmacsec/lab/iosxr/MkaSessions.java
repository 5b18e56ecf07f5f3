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
import org.qkdmacsec.lab.mka.MkaKey;

/**
 * Computes the MKA session of an interface from the committed configuration (XR key selection on the
 * device clock) and what the link model says: SECURED with the CA that carries the link (during a
 * rollover that can still be the previous key), PENDING with the locally selected key when nothing is
 * secured (or the port is on no modelled link), INACTIVE when no key of the chain is valid now.
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
        List<MkaKey> keys = XrKeys.usable(cfg, iface, clock.zone());
        Optional<MkaKey> local = XrKeys.active(keys, clock);
        Optional<String> securedCkn = links.state(iface, clock.labNow()).flatMap(MkaLinkView.LinkState::securedCkn);

        MkaSessionState.Status status;
        Optional<String> cknLower;
        if (securedCkn.isPresent()) {
            status = MkaSessionState.Status.SECURED;
            cknLower = securedCkn;
        } else if (local.isPresent()) {
            status = MkaSessionState.Status.PENDING;
            cknLower = local.map(MkaKey::ckn);
        } else {
            status = MkaSessionState.Status.INACTIVE;
            cknLower = Optional.empty();
        }
        Optional<MacsecKey> configured = cknLower.flatMap(c -> XrKeys.configured(cfg, iface, c));
        Optional<String> ckn = configured.map(MacsecKey::ckn).or(() -> cknLower);
        Optional<MkaKey> inUse = cknLower.flatMap(c -> keys.stream().filter(k -> k.ckn().equals(c)).findFirst());
        long mn = inUse.map(this::messageNumber).orElse(ckn.isPresent() ? 1L : 0L);
        String cknText = ckn.orElse("");
        Optional<MkaSessionState.Peer> peer = Optional.empty();
        if (status == MkaSessionState.Status.SECURED) {
            String peerName = links.state(iface, clock.labNow()).map(MkaLinkView.LinkState::peer).orElse("peer");
            peer = Optional.of(new MkaSessionState.Peer(mi(peerName, "peer", cknText), mn, mac(peerName, "peer") + "/0001", 2, DEFAULT_PRIORITY));
        }
        return Optional.of(new MkaSessionState(iface, ic.psk().get(), ckn,
                configured.flatMap(MacsecKey::keyString).map(KeyString::algorithm),
                status, peer, mi(hostname, iface, cknText), mn, mac(hostname, iface), DEFAULT_PRIORITY));
    }

    /** Hello every 2 s since the key became active on the device clock (at least 1). */
    private long messageNumber(MkaKey k) {
        Instant deviceNow = clock.deviceNow().toInstant();
        if (deviceNow.isBefore(k.start())) {
            return 1;
        }
        return 1 + Duration.between(k.start(), deviceNow).dividedBy(HELLO);
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
