package org.qkdmacsec.lab.iosxr;

import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders the output of the show commands the simulator implements, in IOS-XR's layout. */
final class ShowCommands {
    static final String SOFTWARE_VERSION = "7.8.2";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss.SSS z", Locale.ENGLISH);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS z EEE MMM dd yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter LIFETIME = DateTimeFormatter.ofPattern("HH:mm:ss, dd MMM yyyy", Locale.ENGLISH);

    private ShowCommands() {
    }

    /** The time stamp IOS-XR prints before show output, e.g. {@code Thu Jan 23 10:11:12.345 UTC}. */
    static String timestamp(DeviceClock clock) {
        return STAMP.format(clock.deviceNow());
    }

    /** {@code show clock}: {@code 10:11:12.345 UTC Thu Jan 23 2020}. */
    static List<String> clock(DeviceClock clock) {
        ZonedDateTime now = clock.deviceNow();
        return List.of(CLOCK.format(now));
    }

    /** {@code show version}: the first lines, enough to identify the software. */
    static List<String> version(String hostname) {
        return List.of("", "Cisco IOS XR Software, Version " + SOFTWARE_VERSION,
                "Copyright (c) 2013-2022 by Cisco Systems, Inc.", "", "cisco " + hostname + " (simulated) processor");
    }

    /** {@code show ntp status}: synchronized to the lab, or not. */
    static List<String> ntpStatus(boolean synchronized_) {
        return List.of(synchronized_
                ? "Clock is synchronized, stratum 3, reference is 127.0.0.1"
                : "Clock is unsynchronized, stratum 16, no reference clock");
    }

    /** {@code show key chain [name]}; MACsec keys print their lifetime as send and accept lifetime. */
    static List<String> keyChains(List<KeyChain> chains, DeviceClock clock) {
        List<String> out = new ArrayList<>();
        LocalDateTime now = clock.deviceNow().toLocalDateTime();
        for (KeyChain c : chains) {
            out.add("Key-chain: " + c.name() + (c.macsec() ? " (MACsec)" : "/") + " -");
            out.add("");
            for (MacsecKey k : c.keys().values()) {
                out.add("Key " + k.ckn() + " -- text \"" + k.keyString().map(KeyString::type7).orElse("") + "\"");
                out.add("  cryptographic-algorithm -> " + k.keyString().map(ks -> ks.algorithm().showName()).orElse("Not configured"));
                String lt = lifetime(k, now);
                out.add("  Send lifetime:   " + lt);
                out.add("  Accept lifetime: " + lt);
            }
            out.add("");
        }
        return out;
    }

    private static String lifetime(MacsecKey k, LocalDateTime now) {
        if (k.lifetime().isEmpty()) {
            return "Always valid  [Valid now]";
        }
        Lifetime lt = k.lifetime().get();
        LocalDateTime start = lt.start().toLocalDateTime();
        LocalDateTime end = null;
        String endText = "Always valid";
        if (lt.end() instanceof Lifetime.ForSeconds d) {
            end = start.plusSeconds(d.seconds());
        } else if (lt.end() instanceof Lifetime.Until u) {
            end = u.end().toLocalDateTime();
        }
        if (end != null) {
            endText = LIFETIME.format(end);
        }
        boolean valid = !now.isBefore(start) && (end == null || now.isBefore(end));
        return LIFETIME.format(start) + " - " + endText + "  [" + (valid ? "Valid now" : "Not valid now") + "]";
    }

    /** {@code show macsec mka session} summary table. */
    static List<String> mkaSummary(List<MkaSessionState> sessions) {
        List<String> out = new ArrayList<>();
        String rule = "=".repeat(110);
        out.add("");
        out.add("NOTE: * - Not secured");
        out.add(rule);
        out.add(String.format(Locale.ROOT, "%-16s %-22s %-7s %-10s %-11s %-8s %s", "Interface-Name", "Local-TxSCI", "#Peers", "Status", "Key-Server", "PSK/EAP", "CKN"));
        out.add(rule);
        for (MkaSessionState s : sessions) {
            String name = XrInterfaces.shortName(s.iface()) + (s.status() == MkaSessionState.Status.SECURED ? "" : "*");
            out.add(String.format(Locale.ROOT, "%-16s %-22s %-7d %-10s %-11s %-8s %s", name, s.localSci(), s.peer().isPresent() ? 1 : 0,
                    capitalized(s.status().word()), s.isKeyServer() ? "YES" : "NO", "PRIMARY", s.ckn().orElse("-")));
        }
        return out;
    }

    /** {@code show macsec mka session interface X detail}. */
    static List<String> mkaDetail(MkaSessionState s) {
        List<String> out = new ArrayList<>();
        out.add("");
        out.add("MKA Detailed Status for MKA Session");
        out.add("===================================");
        out.add("Status: " + s.status().line());
        out.add("");
        field(out, "Local Tx-SCI", s.localSci());
        field(out, "Local Tx-SSCI", "1");
        field(out, "Interface MAC Address", s.mac());
        field(out, "MKA Port Identifier", "1");
        field(out, "Interface Name", XrInterfaces.shortName(s.iface()));
        field(out, "CAK Name (CKN)", s.ckn().orElse("-"));
        field(out, "CA Authentication Mode", "PRIMARY-PSK");
        field(out, "Keychain", s.binding().keychain());
        field(out, "Member Identifier (MI)", s.myMi());
        field(out, "Message Number (MN)", Long.toString(s.myMn()));
        field(out, "Authenticator", "NO");
        field(out, "Key Server", s.isKeyServer() ? "YES" : "NO");
        field(out, "MKA Cipher Suite", s.mkaCipherSuite());
        field(out, "Configured MACSec Cipher Suite", "GCM-AES-XPN-256");
        field(out, "MKA Policy Name", s.binding().policy().orElse("*DEFAULT POLICY*"));
        field(out, "Key Server Priority", Integer.toString(s.keyServerPriority()));
        field(out, "MACsec Desired", "YES");
        field(out, "# of MACsec Capable Live Peers", s.peer().isPresent() ? "1" : "0");
        field(out, "# of MACsec Capable Live Peers Responded", s.peer().isPresent() ? "1" : "0");
        out.add("");
        out.add("Live Peers List:");
        out.add(String.format(Locale.ROOT, "  %-26s %-10s %-22s %-6s %s", "MI", "MN", "Rx-SCI (Peer)", "SSCI", "KS-Priority"));
        out.add("  " + "-".repeat(78));
        s.peer().ifPresent(p -> out.add(String.format(Locale.ROOT, "  %-26s %-10d %-22s %-6d %d", p.mi(), p.mn(), p.sci(), p.ssci(), p.priority())));
        out.add("");
        return out;
    }

    private static void field(List<String> out, String name, String value) {
        out.add(String.format(Locale.ROOT, "%-40s : %s", name, value));
    }

    private static String capitalized(String word) {
        return word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT);
    }
}
