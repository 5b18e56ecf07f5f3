package org.qkdmacsec.driver.linux;

import java.util.regex.Pattern;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.LinuxPortOptions;
import org.qkdmacsec.spi.Port;

/**
 * How a {@link Port} maps onto Linux: {@code interfaceName} is the parent (lower) device MACsec runs
 * on; the MACsec device is the port option {@code macsec-device}, or else the connectivity association's
 * name; {@code sci-port} and {@code replay-window} come from the port's {@link LinuxPortOptions}. What the
 * other end published arrives as a {@link LinuxPeer} in {@link Port#peer()}.
 */
record PortSettings(String parent, String macsecDevice, int sciPort, long replayWindow, CipherSuite cipher, LinuxPeer peer) {
    static final String MACSEC_DEVICE = "macsec-device";
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.@-]{1,15}");

    static PortSettings of(Port port, String device) {
        LinuxPortOptions o = port.options() instanceof LinuxPortOptions l ? l : LinuxPortOptions.DEFAULTS;
        String parent = port.interfaceName();
        String macsec = o.macsecDevice().orElse(port.connectivityAssociation());
        for (String[] n : new String[][] {{"interface", parent}, {MACSEC_DEVICE, macsec}}) {
            if (!IFNAME.matcher(n[1]).matches()) {
                throw invalid(device, n[0] + " '" + n[1] + "' is not a Linux interface name (1–15 of A-Z a-z 0-9 _ . @ -)"
                        + (n[0].equals(MACSEC_DEVICE) ? "; set the port option " + MACSEC_DEVICE : ""));
            }
        }
        if (parent.equals(macsec)) {
            throw invalid(device, "the MACsec device and its parent are both '" + parent + "'; set " + MACSEC_DEVICE);
        }
        long maxWindow = port.cipher().extendedPacketNumbers() ? (1L << 30) : 0xffffffffL;
        if (o.replayWindow() > maxWindow) {
            throw invalid(device, "port option replay-window must be a number from 1 to " + maxWindow + " with "
                    + port.cipher().wireName() + ", got " + o.replayWindow());
        }
        LinuxPeer peer = port.peer().filter(LinuxPeer.class::isInstance).map(LinuxPeer.class::cast).orElse(LinuxPeer.UNKNOWN);
        return new PortSettings(parent, macsec, o.sciPort(), o.replayWindow(), port.cipher(), peer);
    }

    static DriverException invalid(String device, String message) {
        return new DriverException(DriverException.Kind.INVALID_REQUEST, device, message);
    }
}
