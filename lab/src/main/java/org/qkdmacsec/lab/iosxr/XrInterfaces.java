package org.qkdmacsec.lab.iosxr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The router's physical interfaces and IOS-XR interface naming: full names ({@code HundredGigE0/0/0/0}),
 * the short forms show commands print ({@code Hu0/0/0/0}), and the abbreviations the CLI accepts.
 */
final class XrInterfaces {
    /** Full type name → short form, as IOS-XR prints them. */
    private static final Map<String, String> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("FourHundredGigE", "FH");
        TYPES.put("HundredGigE", "Hu");
        TYPES.put("FortyGigE", "Fo");
        TYPES.put("TwentyFiveGigE", "TF");
        TYPES.put("TenGigE", "Te");
        TYPES.put("GigabitEthernet", "Gi");
    }

    private static final Pattern NAME = Pattern.compile("([A-Za-z-]+)\\s*(\\d+(?:/\\d+)*)");

    private final SortedSet<String> names;

    XrInterfaces(List<String> names) {
        TreeSet<String> s = new TreeSet<>();
        for (String n : names) {
            s.add(canonical(n).orElseThrow(() -> new IllegalArgumentException("not an IOS-XR interface name: " + n)));
        }
        this.names = Collections.unmodifiableSortedSet(s);
    }

    SortedSet<String> names() {
        return names;
    }

    /** The full name of an existing interface written in any accepted form. */
    Optional<String> resolve(String written) {
        return canonical(written).filter(names::contains);
    }

    /** Full name for a name written with a full, short or abbreviated type, whether the interface exists or not. */
    static Optional<String> canonical(String written) {
        Matcher m = NAME.matcher(written.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        String type = m.group(1).toLowerCase(Locale.ROOT);
        List<String> hits = new ArrayList<>();
        for (Map.Entry<String, String> t : TYPES.entrySet()) {
            if (t.getValue().toLowerCase(Locale.ROOT).equals(type) || t.getKey().toLowerCase(Locale.ROOT).equals(type)) {
                return Optional.of(t.getKey() + m.group(2));
            }
            if (t.getKey().toLowerCase(Locale.ROOT).startsWith(type)) {
                hits.add(t.getKey());
            }
        }
        return hits.size() == 1 ? Optional.of(hits.get(0) + m.group(2)) : Optional.empty();
    }

    /** The short form show commands print, e.g. {@code Hu0/0/0/0}. */
    static String shortName(String full) {
        for (Map.Entry<String, String> t : TYPES.entrySet()) {
            if (full.startsWith(t.getKey())) {
                return t.getValue() + full.substring(t.getKey().length());
            }
        }
        return full;
    }
}
