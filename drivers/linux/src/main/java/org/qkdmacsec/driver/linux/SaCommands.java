package org.qkdmacsec.driver.linux;

import java.util.ArrayList;
import java.util.List;
import org.qkdmacsec.spi.CipherSuite;

/**
 * The iproute2 batch commands that create a SecY, install, switch and delete SAs, and write the key
 * record. Pure rendering into a {@link Batch}; the driver decides what is allowed.
 */
final class SaCommands {
    private SaCommands() { }

    static void createSecY(Batch b, PortSettings s) {
        b.add("link", "add", "link", s.parent(), "name", s.macsecDevice(), "type", "macsec", "port", Integer.toString(s.sciPort()),
                "cipher", s.cipher().wireName(), "encrypt", "on", "send_sci", "on", "replay", "on",
                "window", Long.toString(s.replayWindow()), "validate", "strict");
    }

    /** Sets an adopted SecY's protection policy to ours, when any part of it differs. */
    static void enforcePolicy(Batch b, PortSettings s, IpState.SecY y) {
        if (!y.encrypt() || !y.sendSci() || !y.replay() || y.window() != s.replayWindow() || !"strict".equals(y.validate())) {
            b.add("link", "set", "dev", s.macsecDevice(), "type", "macsec", "encrypt", "on", "send_sci", "on", "replay", "on",
                    "window", Long.toString(s.replayWindow()), "validate", "strict");
        }
    }

    /**
     * The receive SA for the peer's channel first (creating the channel if needed), then this end's
     * transmit SA, which stays unused until {@code encodingsa} points at it.
     */
    static void install(Batch b, PortSettings s, boolean peerChannelExists, Sci own, Sci peer, int an, long kn, SaKeys k) {
        String dev = s.macsecDevice();
        String a = Integer.toString(an);
        Batch.Hidden sak = Batch.hidden(k.sak(), "<SAK an=" + a + " kn=" + kn + ">");
        if (!peerChannelExists) {
            b.add("macsec", "add", dev, "rx", "sci", peer.hex(), "on");
        }
        List<Object> rx = new ArrayList<>(List.of("macsec", "add", dev, "rx", "sci", peer.hex(), "sa", a));
        rx.addAll(numbering(s.cipher(), k, SaKeys.ssci(peer, own)));
        rx.addAll(List.of("on", "key", k.keyId(), sak));
        b.add(rx.toArray());
        List<Object> tx = new ArrayList<>(List.of("macsec", "add", dev, "tx", "sa", a));
        tx.addAll(numbering(s.cipher(), k, SaKeys.ssci(own, peer)));
        tx.addAll(List.of("on", "key", k.keyId(), sak));
        b.add(tx.toArray());
    }

    /** Packet numbers start at 1: every install has a fresh SAK, so (key, AN, PN) never repeats. */
    private static List<Object> numbering(CipherSuite c, SaKeys k, int ssci) {
        if (!c.extendedPacketNumbers()) {
            return List.of("pn", "1");
        }
        return List.of("xpn", "1", "salt", Batch.hidden(k.salt().orElseThrow(), "<salt>"), "ssci", Integer.toString(ssci));
    }

    /** Deletes the SAs with key identifier {@code keyId} at {@code an}; an SA that is on is set off first (EBUSY). */
    static void delete(Batch b, String dev, IpState.SecY y, int an, String keyId) {
        String a = Integer.toString(an);
        if (y.txSa(an).map(t -> t.keyId().equals(keyId)).orElse(false)) {
            b.add("macsec", "set", dev, "tx", "sa", a, "off");
            b.add("macsec", "del", dev, "tx", "sa", a);
        }
        for (IpState.RxSc c : y.rxScs()) {
            if (c.sa(an).map(r -> r.keyId().equals(keyId)).orElse(false)) {
                b.add("macsec", "set", dev, "rx", "sci", c.sci().hex(), "sa", a, "off");
                b.add("macsec", "del", dev, "rx", "sci", c.sci().hex(), "sa", a);
            }
        }
    }

    static void switchTo(Batch b, String dev, int an) {
        b.add("link", "set", "dev", dev, "type", "macsec", "encodingsa", Integer.toString(an));
    }

    /**
     * The device's alias: the description (kept as it is unless the plan sets a new one) and the record
     * ({@link MacsecAlias}); quoted, since it has spaces (neither part has quotes).
     */
    static void alias(Batch b, String dev, MacsecAlias alias) {
        b.add("link", "set", "dev", dev, "alias", "\"" + alias.render() + "\"");
    }

    static void up(Batch b, String dev) {
        b.add("link", "set", "dev", dev, "up");
    }

    static void delete(Batch b, String dev) {
        b.add("link", "del", "dev", dev);
    }
}
