package org.qkdmacsec.driver.iosxr;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.qkdmacsec.spi.MkaSession;

/**
 * Reads IOS-XR show-command output, in the layouts of Cisco's configuration guides:
 *
 * <pre>
 * show key chain C:
 *   Key-chain: C/ -
 *   Key 1234abcd -- text "&lt;type 7&gt;"
 *     cryptographic-algorithm -&gt; AES_256_CMAC
 *     Send lifetime:   01:00:00, 01 Jan 2017 - Always valid  [Valid now]
 *     Accept lifetime: 01:00:00, 01 Jan 2017 - Always valid  [Valid now]
 *   (older layouts write "Send lifetime   -- …"; both are read)
 *
 * show macsec mka session interface X detail:
 *   Status : SECURED - Secured MKA Session with MACsec      (session)
 *   CAK Name (CKN) : 1020…                                   (per CA)
 *   CA Authentication Mode : PRIMARY-PSK                     (per CA, newer releases; either order)
 *   Latest SAK AN : 0
 *   # of MACsec Capable Live Peers : 1
 *
 * show running-config interface X:
 *   interface HundredGigE0/2/0/11
 *    macsec psk-keychain KC fallback-psk-keychain KC_FB policy POL
 *
 * show clock:     11:36:00.456 UTC Thu Nov 23 2023
 * show ntp status: Clock is synchronized, stratum 2, reference is 192.0.2.1
 * </pre>
 *
 * Output that carries a key-string is never kept: the parser copies CKNs and times only.
 */
final class CliParsers {
    private static final Pattern KEY = Pattern.compile("(?i)^\\s*Key\\s+([0-9a-f]+)\\b");
    private static final Pattern LIFETIME = Pattern.compile("(?i)^\\s*(?:send\\s+)?lifetime\\s*(?:--|->|:)\\s*(.*)$");
    private static final Pattern TIME = Pattern.compile(
            "(\\d{1,2}):(\\d{2}):(\\d{2}),?\\s+(\\d{1,2})\\s+([A-Za-z]{3,9}),?\\s+(\\d{4})");
    private static final Pattern DURATION = Pattern.compile("(?i)duration\\s+(\\d+)");
    private static final Pattern FIELD = Pattern.compile("^\\s*([^:]+?)\\s*:\\s*(.*?)\\s*$");
    private static final Pattern CLOCK = Pattern.compile(
            "(\\d{1,2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,3}))?[ \\t]+(\\S+)[ \\t]+[A-Za-z]{3}[ \\t]+([A-Za-z]{3})[ \\t]+(\\d{1,2})[ \\t]+(\\d{4})");
    private static final Pattern PSK = Pattern.compile(
            "^\\s*macsec\\s+psk-keychain\\s+(\\S+)(?:\\s+fallback-psk-keychain\\s+(\\S+))?(?:\\s+policy\\s+(\\S+))?\\s*$");
    private static final Pattern VERSION = Pattern.compile("(?i)IOS[ -]?XR[^\\n]*Version\\s+([^\\s,\\[]+)");

    private CliParsers() {
    }

    static ChainRead keyChain(String output) {
        boolean exists = output.contains("Key-chain:") || output.lines().anyMatch(l -> KEY.matcher(l).find());
        if (!exists) {
            return ChainRead.absent();
        }
        List<ChainRead.Key> keys = new ArrayList<>();
        String ckn = null;
        String lifetime = null;
        for (String line : output.split("\n")) {
            Matcher k = KEY.matcher(line);
            if (k.find()) {
                if (ckn != null) {
                    keys.add(key(ckn, lifetime));
                }
                ckn = k.group(1).toLowerCase(Locale.ROOT);
                lifetime = null;
                continue;
            }
            Matcher l = LIFETIME.matcher(line);
            if (ckn != null && lifetime == null && l.find()) {
                lifetime = l.group(1);
            }
        }
        if (ckn != null) {
            keys.add(key(ckn, lifetime));
        }
        return new ChainRead(true, keys, Optional.empty());
    }

    /** The {@code description} line of the interface's running configuration, if any (the rest of the line). */
    static Optional<String> description(String output) {
        return output.lines().filter(l -> l.startsWith(" description ")).findFirst()
                .map(l -> l.substring(" description ".length()).strip()).filter(d -> !d.isEmpty());
    }

    /** The {@code macsec psk-keychain} line of the interface's running configuration, if any. */
    static Optional<PskBinding> pskBinding(String output) {
        return output.lines().map(PSK::matcher).filter(Matcher::matches).findFirst()
                .map(m -> new PskBinding(m.group(1), Optional.ofNullable(m.group(2)), Optional.ofNullable(m.group(3))));
    }

    /**
     * One entry per CA. A CA's lines ("CAK Name (CKN)", "CA Authentication Mode", live peers) may come
     * in either order; a name that repeats starts the next CA. Session lines (Status, Latest SAK AN)
     * belong to the session and go with the first CA.
     */
    static List<MkaSession> mka(String output, String interfaceName) {
        List<MkaSession> out = new ArrayList<>();
        String status = "";
        Ca ca = new Ca();
        for (String line : output.split("\n")) {
            Matcher f = FIELD.matcher(line);
            if (!f.find()) {
                continue;
            }
            String name = f.group(1).toLowerCase(Locale.ROOT);
            String value = f.group(2);
            if (name.equals("status")) {
                status = value;
            } else if (name.equals("ca authentication mode")) {
                ca = ca.mode != null ? flush(out, ca, interfaceName, status) : ca;
                ca.mode = value;
            } else if (name.startsWith("cak name")) {
                ca = ca.ckn != null ? flush(out, ca, interfaceName, status) : ca;
                ca.ckn = value.split("\\s+")[0].toLowerCase(Locale.ROOT);
            } else if (name.equals("latest sak an") && out.isEmpty()) {
                ca.an = parseInt(value);
            } else if (name.startsWith("# of macsec capable live peers") && !name.contains("responded")) {
                Integer p = parseInt(value);
                ca.peers = p == null ? 0 : p;
            }
        }
        flush(out, ca, interfaceName, status);
        return out;
    }

    /** Fields of one CA while its block is being read. */
    private static final class Ca {
        String ckn;
        String mode;
        Integer an;
        int peers;
    }

    private static Ca flush(List<MkaSession> out, Ca ca, String interfaceName, String status) {
        if (ca.ckn != null && !ca.ckn.equals("-")) {
            out.add(session(interfaceName, ca.ckn, ca.mode == null ? "" : ca.mode, status, ca.peers, ca.an, out.isEmpty()));
        }
        return new Ca();
    }

    static Optional<ClockReading> clock(String output, Instant observedAt, boolean ntp, String hostname,
                                        Optional<String> version) {
        Matcher m = CLOCK.matcher(output);
        ClockReading found = null;
        while (m.find()) {
            Month month = XrTime.parseMonth(m.group(6)).orElse(null);
            if (month == null) {
                continue;
            }
            int ms = m.group(4) == null ? 0 : Integer.parseInt((m.group(4) + "00").substring(0, 3));
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(8)), month, Integer.parseInt(m.group(7)),
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    ms * 1_000_000);
            found = new ClockReading(local, m.group(5), observedAt, ntp, hostname, version);
        }
        return Optional.ofNullable(found);
    }

    static boolean ntpSynchronized(String output) {
        String o = output.toLowerCase(Locale.ROOT);
        return o.contains("clock is synchronized");
    }

    static Optional<String> version(String output) {
        Matcher m = VERSION.matcher(output);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The first {@code %} error line of configuration-mode output, if any. */
    static Optional<String> error(String output) {
        return output.lines().map(String::strip).filter(l -> l.startsWith("%") || l.startsWith("!!%")).findFirst();
    }

    private static MkaSession session(String interfaceName, String ckn, String mode, String status, int peers,
                                      Integer an, boolean first) {
        MkaSession.MkaRole role = mode.isEmpty()
                ? (first ? MkaSession.MkaRole.PRIMARY : MkaSession.MkaRole.UNKNOWN)
                : OperJson.role(mode);
        return new MkaSession(interfaceName, ckn, role, OperJson.secured(status), peers, Optional.ofNullable(an),
                mode.isEmpty() ? status : status + " (" + mode + ")");
    }

    private static ChainRead.Key key(String ckn, String lifetime) {
        if (lifetime == null) {
            return new ChainRead.Key(ckn, Optional.empty(), Optional.empty(), OptionalLong.empty());
        }
        Matcher t = TIME.matcher(lifetime);
        Optional<XrTime> start = Optional.empty();
        Optional<XrTime> end = Optional.empty();
        if (t.find()) {
            start = time(t);
            if (t.find()) {
                end = time(t);
            }
        }
        Matcher d = DURATION.matcher(lifetime);
        OptionalLong duration = end.isEmpty() && d.find() ? OptionalLong.of(Long.parseLong(d.group(1))) : OptionalLong.empty();
        return new ChainRead.Key(ckn, start, end, duration);
    }

    private static Optional<XrTime> time(Matcher t) {
        return XrTime.parseMonth(t.group(5)).map(month -> new XrTime(Integer.parseInt(t.group(1)),
                Integer.parseInt(t.group(2)), Integer.parseInt(t.group(3)), Integer.parseInt(t.group(4)), month,
                Integer.parseInt(t.group(6))));
    }

    private static Integer parseInt(String value) {
        Matcher m = Pattern.compile("^(\\d+)").matcher(value.strip());
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }
}
