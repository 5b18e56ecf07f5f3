package org.qkdmacsec.driver.junos;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.qkdmacsec.spi.MkaSession;
import org.qkdmacsec.spi.MkaSession.MkaRole;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/**
 * Parsers for the operational replies the driver reads: software information, the device clock, NTP
 * state, the configured time zone, MKA sessions and the key-chain (hakr) state. Element names follow
 * Junos' {@code | display xml} output; each parser says what it relies on.
 */
final class DeviceReplies {
    private static final Pattern BRACKETED_VERSION = Pattern.compile("\\[([^\\]]+)\\]");
    private static final String ZERO_SAK = "000000000000000000000000/0";

    private DeviceReplies() { }

    /** {@code <software-information>} (first routing engine): host name, model, version. */
    record Software(String hostname, String model, String version) { }

    static Software software(Element reply) {
        Element sw = SecureXml.descendants(reply, "software-information").stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no <software-information> in the reply"));
        String version = SecureXml.childText(sw, "junos-version").orElseGet(() ->
                // Older releases: <package-information><comment>JUNOS Software Release [12.3R6.6]</comment>
                SecureXml.descendants(sw, "comment").stream().map(c -> BRACKETED_VERSION.matcher(c.getTextContent()))
                        .filter(Matcher::find).map(m -> m.group(1)).findFirst().orElse("unknown"));
        return new Software(SecureXml.childText(sw, "host-name").orElse(""),
                SecureXml.childText(sw, "product-model").or(() -> SecureXml.childText(sw, "product-name")).orElse("unknown"),
                version);
    }

    /**
     * The device clock from {@code <get-system-uptime-information>}: {@code current-time/date-time},
     * preferring its {@code junos:seconds} attribute (epoch seconds, zone-free) over the text
     * ({@code 2026-07-10 19:47:00 UTC}).
     */
    static Instant currentTime(Element reply, ZoneId deviceZone) {
        Element dt = SecureXml.descendants(reply, "current-time").stream()
                .flatMap(c -> SecureXml.child(c, "date-time").stream()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no <current-time><date-time> in the reply"));
        NamedNodeMap attrs = dt.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            String local = a.getLocalName() == null ? a.getName() : a.getLocalName();
            if (local.equals("seconds") && a.getValue().trim().matches("\\d+")) {
                return Instant.ofEpochSecond(Long.parseLong(a.getValue().trim()));
            }
        }
        // Same layout as a start-time except for the separator between date and time.
        return JunosTime.parse(dt.getTextContent().trim().replaceFirst(" ", "."), deviceZone);
    }

    /**
     * NTP state from {@code <get-ntp-status>}: Junos returns ntpd's status line as text
     * ({@code status=0644 leap_none, sync_ntp, ...}); synchronised means {@code sync_ntp} without
     * {@code leap_alarm}.
     */
    static boolean ntpSynchronized(Element reply) {
        String text = reply.getTextContent().toLowerCase(Locale.ROOT);
        return text.contains("sync_ntp") && !text.contains("leap_alarm");
    }

    /** {@code system time-zone} from the committed configuration, as the device writes it, if set. */
    static Optional<String> timeZoneText(Element reply) {
        return SecureXml.descendants(reply, "time-zone").stream().findFirst()
                .map(e -> e.getTextContent().trim()).filter(s -> !s.isEmpty());
    }

    /**
     * MKA sessions on {@code interfaceName} from {@code <get-mka-session-information>}: every
     * {@code <mka-session-information>} with {@code interface-name}, {@code interface-state}
     * ({@code Secured - Primary}, {@code Secured - Preceding}, {@code Unsecured}…), {@code cak-name},
     * optional {@code cak-type}, {@code latest-sak-an}, {@code latest-sak-key-identifier}. A
     * point-to-point link has at most one peer; it counts as live when the session is secured and a
     * SAK has been distributed (key identifier not all zero).
     */
    static List<MkaSession> mkaSessions(Element reply, String interfaceName, String hakrSummary) {
        List<MkaSession> out = new ArrayList<>();
        for (Element s : SecureXml.descendants(reply, "mka-session-information")) {
            String ifName = SecureXml.childText(s, "interface-name").orElse(interfaceName);
            if (!ifName.equals(interfaceName)) {
                continue;
            }
            String state = SecureXml.childText(s, "interface-state").orElse("");
            String lower = state.toLowerCase(Locale.ROOT);
            String roleText = SecureXml.childText(s, "cak-type").orElse(lower).toLowerCase(Locale.ROOT);
            MkaRole role = roleText.contains("primary") ? MkaRole.PRIMARY
                    : roleText.contains("preceding") ? MkaRole.PRECEDING
                    : roleText.contains("fallback") ? MkaRole.FALLBACK : MkaRole.UNKNOWN;
            boolean secured = lower.startsWith("secured");
            Optional<String> sak = SecureXml.childText(s, "latest-sak-key-identifier");
            boolean sakDistributed = sak.filter(k -> !k.equals(ZERO_SAK)).isPresent();
            Optional<Integer> an = SecureXml.childText(s, "latest-sak-an").filter(x -> x.matches("\\d+")).map(Integer::valueOf);
            String ckn = SecureXml.childText(s, "cak-name").orElse("").toLowerCase(Locale.ROOT);
            String detail = state + sak.map(k -> ", latest SAK " + k).orElse("") + (hakrSummary.isEmpty() ? "" : "; " + hakrSummary);
            out.add(new MkaSession(ifName, ckn, role, secured, secured && sakDistributed ? 1 : 0, an, detail));
        }
        return out;
    }

    /**
     * One line about {@code keyChain} from {@code <get-hakr-keychain-information>}: the element
     * holding {@code hakr-keychain-name} has {@code hakr-keychain-active-send-key},
     * {@code -active-receive-key}, {@code -next-send-key}, {@code -next-receive-key},
     * {@code -next-key-time}. Empty when the chain is not listed.
     */
    static String hakrSummary(Element reply, String keyChain) {
        return SecureXml.descendants(reply, "hakr-keychain-name").stream()
                .filter(n -> n.getTextContent().trim().equals(keyChain))
                .map(n -> (Element) n.getParentNode())
                .findFirst()
                .map(k -> "key chain " + keyChain
                        + ": send key " + SecureXml.childText(k, "hakr-keychain-active-send-key").orElse("?")
                        + ", receive key " + SecureXml.childText(k, "hakr-keychain-active-receive-key").orElse("?")
                        + ", next send key " + SecureXml.childText(k, "hakr-keychain-next-send-key").orElse("none")
                        + SecureXml.childText(k, "hakr-keychain-next-key-time").map(t -> ", next key time " + t).orElse(""))
                .orElse("");
    }

    /** The text of a {@code show | compare} reply ({@code <configuration-output>}). */
    static String configurationText(Element reply) {
        return SecureXml.descendants(reply, "configuration-output").stream().findFirst()
                .map(Element::getTextContent).orElse(reply.getTextContent()).strip();
    }
}
