package org.qkdmacsec.driver.linux;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.Port;

/**
 * How a {@link Port} maps onto Linux: {@code interfaceName} is the parent (lower) device MACsec runs
 * on; the MACsec device is the attribute {@code macsec-device}, or else the connectivity association's
 * name; {@code sci-port} (default 1) and {@code replay-window} (default 64) are optional attributes.
 * What the other end published arrives as {@code peer.*} attributes (see {@link Peer}).
 */
record PortSettings(String parent, String macsecDevice, int sciPort, long replayWindow, CipherSuite cipher, Peer peer) {
    static final String MACSEC_DEVICE = "macsec-device";
    static final String SCI_PORT = "sci-port";
    static final String REPLAY_WINDOW = "replay-window";
    static final long DEFAULT_WINDOW = 64;
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.@-]{1,15}");

    /**
     * The other end, as its driver published it in {@code KeyChainView.attributes()}.
     *
     * @param sci    its SCI ({@code peer.sci}): the receive channel this end installs keys in
     * @param nextAn the association number it will install its next key at ({@code peer.next-an})
     * @param record its key record ({@code peer.record}): the CKNs it holds, at which AN, with which key
     *               number, and its last key number
     */
    record Peer(Optional<Sci> sci, Optional<Integer> nextAn, SlotRecord record) { }

    static PortSettings of(Port port, String device) {
        Map<String, String> a = port.attributes();
        String parent = port.interfaceName();
        String macsec = a.getOrDefault(MACSEC_DEVICE, port.connectivityAssociation());
        for (String[] n : new String[][] {{"interface", parent}, {MACSEC_DEVICE, macsec}}) {
            if (!IFNAME.matcher(n[1]).matches()) {
                throw invalid(device, n[0] + " '" + n[1] + "' is not a Linux interface name (1–15 of A-Z a-z 0-9 _ . @ -)"
                        + (n[0].equals(MACSEC_DEVICE) ? "; set the port attribute " + MACSEC_DEVICE : ""));
            }
        }
        if (parent.equals(macsec)) {
            throw invalid(device, "the MACsec device and its parent are both '" + parent + "'; set " + MACSEC_DEVICE);
        }
        int sciPort = (int) number(a, SCI_PORT, 1, 1, 0xffff, device);
        long maxWindow = port.cipher().extendedPacketNumbers() ? (1L << 30) : 0xffffffffL;
        long window = number(a, REPLAY_WINDOW, DEFAULT_WINDOW, 1, maxWindow, device);
        Optional<Sci> peerSci;
        try {
            peerSci = Optional.ofNullable(a.get("peer.sci")).map(Sci::parse);
        } catch (IllegalArgumentException e) {
            throw invalid(device, "peer.sci: " + e.getMessage());
        }
        Optional<Integer> nextAn = Optional.ofNullable(a.get("peer.next-an")).map(v -> (int) parse(v, "peer.next-an", 0, 3, device));
        SlotRecord record = SlotRecord.parse(Optional.ofNullable(a.get("peer.record")));
        return new PortSettings(parent, macsec, sciPort, window, port.cipher(), new Peer(peerSci, nextAn, record));
    }

    private static long number(Map<String, String> a, String key, long dflt, long min, long max, String device) {
        String v = a.get(key);
        return v == null ? dflt : parse(v, key, min, max, device);
    }

    private static long parse(String v, String key, long min, long max, String device) {
        try {
            long n = Long.parseLong(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(device, "port attribute " + key + " must be a number from " + min + " to " + max + ", got '" + v + "'");
    }

    static DriverException invalid(String device, String message) {
        return new DriverException(DriverException.Kind.INVALID_REQUEST, device, message);
    }
}
