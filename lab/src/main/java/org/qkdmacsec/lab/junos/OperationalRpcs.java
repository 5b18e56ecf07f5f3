package org.qkdmacsec.lab.junos;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.qkdmacsec.lab.mka.ActivationRule;
import org.qkdmacsec.lab.mka.CakType;
import org.qkdmacsec.lab.mka.MkaKey;
import org.qkdmacsec.lab.mka.MkaPort;
import org.qkdmacsec.lab.mka.MkaSession;
import org.qkdmacsec.lab.mka.Side;
import org.w3c.dom.Element;

/**
 * Operational RPCs with Junos-shaped replies: software, uptime/current time, NTP status, MKA sessions
 * (answered from the MKA link model) and key-chain (hakr) state. Element choices are documented in
 * docs/lab/junos-sim.md. The model is read without holding the device lock.
 */
final class OperationalRpcs {
    private final JunosDevice device;

    private final JunosFaults faults;

    OperationalRpcs(JunosDevice device, JunosFaults faults) {
        this.faults = faults;
        this.device = device;
    }

    String softwareInformation() {
        JunosDevice.Snapshot s = device.snapshot();
        String v = s.identity().version();
        return "<software-information>\n" + Xml.leaf("host-name", s.hostName()) + "\n"
                + Xml.leaf("product-model", s.identity().model()) + "\n" + Xml.leaf("product-name", s.identity().model()) + "\n"
                + Xml.leaf("junos-version", v) + "\n"
                + "<package-information>\n<name>junos</name>\n" + Xml.leaf("comment", "JUNOS Software Release [" + v + "]")
                + "\n</package-information>\n</software-information>\n";
    }

    String uptimeInformation() {
        JunosDevice.Snapshot s = device.snapshot();
        Duration skew = Duration.between(s.labNow(), s.deviceNow());
        Instant booted = s.bootLab().plus(skew);
        Instant configured = s.committedAtLab().plus(skew);
        return "<system-uptime-information>\n"
                + "<current-time>\n" + dateTime(s.deviceNow(), s) + "</current-time>\n"
                + Xml.leaf("time-source", s.ntpSynchronized() ? " NTP CLOCK " : " LOCAL CLOCK ") + "\n"
                + "<system-booted-time>\n" + dateTime(booted, s) + timeLength(Duration.between(booted, s.deviceNow())) + "</system-booted-time>\n"
                + "<last-configured-time>\n" + dateTime(configured, s) + timeLength(Duration.between(configured, s.deviceNow()))
                + Xml.leaf("user", s.committedBy()) + "\n</last-configured-time>\n"
                + "</system-uptime-information>\n";
    }

    private static String dateTime(Instant deviceInstant, JunosDevice.Snapshot s) {
        return "<date-time junos:seconds=\"" + deviceInstant.getEpochSecond() + "\">"
                + Xml.escape(JunosTime.dateTime(deviceInstant, s.zone())) + "</date-time>\n";
    }

    private static String timeLength(Duration d) {
        return "<time-length junos:seconds=\"" + d.getSeconds() + "\">" + JunosTime.remaining(d) + "</time-length>\n";
    }

    /** Junos answers {@code show ntp status} as unstructured ntpd text in {@code <output>}. */
    String ntpStatus() {
        JunosDevice.Snapshot s = device.snapshot();
        String clock = JunosTime.dateTime(s.deviceNow(), s.zone());
        String text = s.ntpSynchronized()
                ? "status=0644 leap_none, sync_ntp, 4 events, event_peer/strat_chg,\n"
                        + "version=\"ntpd 4.2.8\", processor=\"amd64\", system=\"JUNOS" + s.identity().version() + "\",\n"
                        + "leap=00, stratum=3, precision=-23, rootdelay=1.250, rootdisp=11.532, refid=192.0.2.123,\n"
                        + "clock=" + clock + ", state=4, offset=0.000, frequency=-12.214, sys_jitter=0.061, clk_jitter=0.012\n"
                : "status=c011 leap_alarm, sync_unspec, 1 event, event_restart,\n"
                        + "version=\"ntpd 4.2.8\", processor=\"amd64\", system=\"JUNOS" + s.identity().version() + "\",\n"
                        + "leap=11, stratum=16, precision=-23, rootdelay=0.000, rootdisp=0.000, refid=.INIT.,\n"
                        + "clock=" + clock + ", state=0, offset=0.000, frequency=0.000, sys_jitter=0.000, clk_jitter=0.000\n";
        return Xml.leaf("output", text) + "\n";
    }

    String mkaSessions(Element op) {
        String only = Xml.childText(op, "interface-name");
        JunosDevice.Snapshot s = device.snapshot();
        StringBuilder b = new StringBuilder();
        for (var e : MacsecConfig.interfaceBindings(s.committed()).entrySet()) {
            String ifName = e.getKey();
            if (only != null && !only.equals(ifName)) {
                continue;
            }
            MkaPort port = s.ports().get(ifName);
            List<MkaSession> sessions = port != null ? port.stateAt(s.labNow()).sessions() : unlinked(s, ifName);
            boolean keyServer = port == null || port.side() == Side.A;
            for (MkaSession m : sessions) {
                if (m.type() == CakType.PRIMARY && m.secured() && faults.hideSecured(m.ckn())) {
                    m = new MkaSession(m.ckn(), m.type(), false, 0);
                }
                b.append(session(s, ifName, m, keyServer));
            }
        }
        return b.toString();
    }

    /** An interface not attached to a link model: its own active key, no peer. */
    private static List<MkaSession> unlinked(JunosDevice.Snapshot s, String ifName) {
        List<MkaKey> keys = MacsecConfig.mkaKeys(s.committed(), ifName, s.zone());
        return ActivationRule.JUNOS.activeAt(keys, s.deviceNow())
                .map(k -> List.of(new MkaSession(k.ckn(), CakType.PRIMARY, false, 0))).orElse(List.of());
    }

    private static String session(JunosDevice.Snapshot s, String ifName, MkaSession m, boolean keyServer) {
        String mi = memberId(s.hostName(), ifName, m.ckn());
        String type = m.type() == CakType.PRIMARY ? "primary" : "preceding";
        String state = m.secured() ? "Secured - " + (m.type() == CakType.PRIMARY ? "Primary" : "Preceding") : "Unsecured";
        long messages = Duration.between(s.bootLab(), s.labNow()).getSeconds() / 2 + 1;
        return "<mka-session-information junos:style=\"brief\">\n"
                + Xml.leaf("interface-name", ifName) + "\n"
                + Xml.leaf("interface-state", state) + "\n"
                + Xml.leaf("member-identifier", mi) + "\n"
                + Xml.leaf("cak-name", m.ckn().toUpperCase(Locale.ROOT)) + "\n"
                + Xml.leaf("cak-type", type) + "\n"
                + Xml.leaf("session-status", m.secured() ? "live" : "in-progress") + "\n"
                + Xml.leaf("live-peer-count", m.livePeers()) + "\n"
                + Xml.leaf("transmit-interval", "2000(ms)") + "\n"
                + Xml.leaf("outbound-sci", sci(s.hostName(), ifName)) + "\n"
                + Xml.leaf("message-number", messages) + "\n"
                + Xml.leaf("key-number", m.secured() ? 1 : 0) + "\n"
                + Xml.leaf("key-server", keyServer ? "yes" : "no") + "\n"
                + Xml.leaf("key-server-priority", 16) + "\n"
                + Xml.leaf("latest-sak-an", 0) + "\n"
                + Xml.leaf("latest-sak-key-identifier", m.secured() ? mi + "/1" : "000000000000000000000000/0") + "\n"
                + "</mka-session-information>\n";
    }

    /** A stable 96-bit member identifier per device, interface and CA (not derived from any secret). */
    private static String memberId(String host, String ifName, String ckn) {
        return sha256(host + "|" + ifName + "|" + ckn).substring(0, 24).toUpperCase(Locale.ROOT);
    }

    private static String sci(String host, String ifName) {
        String h = sha256(host + "|" + ifName);
        return String.join(":", h.substring(0, 2), h.substring(2, 4), h.substring(4, 6), h.substring(6, 8),
                h.substring(8, 10), h.substring(10, 12)).toUpperCase(Locale.ROOT) + "/1";
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }

    String keychains() {
        JunosDevice.Snapshot s = device.snapshot();
        StringBuilder b = new StringBuilder("<hakr-keychain-information>\n");
        for (String name : MacsecConfig.keyChainNames(s.committed())) {
            List<MacsecConfig.ChainKey> keys = MacsecConfig.chainKeys(MacsecConfig.keyChain(s.committed(), name), s.zone());
            Optional<MacsecConfig.ChainKey> active = keys.stream()
                    .filter(k -> !k.start().orElse(Instant.EPOCH).isAfter(s.deviceNow()))
                    .reduce((best, k) -> k.start().orElse(Instant.EPOCH).isBefore(best.start().orElse(Instant.EPOCH)) ? best : k);
            Optional<MacsecConfig.ChainKey> next = keys.stream()
                    .filter(k -> k.start().orElse(Instant.EPOCH).isAfter(s.deviceNow()))
                    .reduce((best, k) -> k.start().get().isBefore(best.start().get()) ? k : best);
            String activeId = active.map(k -> Integer.toString(k.id())).orElse("None");
            String nextId = next.map(k -> Integer.toString(k.id())).orElse("None");
            b.append("<hakr-keychain>\n").append(Xml.leaf("hakr-keychain-name", name)).append('\n')
                    .append(Xml.leaf("hakr-keychain-active-send-key", activeId)).append('\n')
                    .append(Xml.leaf("hakr-keychain-active-receive-key", activeId)).append('\n')
                    .append(Xml.leaf("hakr-keychain-next-send-key", nextId)).append('\n')
                    .append(Xml.leaf("hakr-keychain-next-receive-key", nextId)).append('\n');
            if (next.isPresent()) {
                Duration left = Duration.between(s.deviceNow(), next.get().start().get());
                b.append("<hakr-keychain-next-key-time junos:seconds=\"").append(left.getSeconds()).append("\">")
                        .append(JunosTime.remaining(left)).append("</hakr-keychain-next-key-time>\n");
            } else {
                b.append(Xml.leaf("hakr-keychain-next-key-time", "None")).append('\n');
            }
            b.append("</hakr-keychain>\n");
        }
        return b.append("</hakr-keychain-information>\n").toString();
    }
}
