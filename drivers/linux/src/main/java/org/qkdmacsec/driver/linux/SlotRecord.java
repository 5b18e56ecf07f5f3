package org.qkdmacsec.driver.linux;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the driver remembers on the device itself, in the MACsec interface's alias (IFLA_IFALIAS,
 * at most 255 characters), so that any controller instance reads the same truth:
 * {@code qkd-macsec kn=5 e=12 0=<ckn>/4 1=<ckn>/5}.
 *
 * <ul>
 *   <li>{@code kn} — the last key number used on this device (never decreases);</li>
 *   <li>{@code e} — the receive error counters' sum when the current rollover began (baseline for
 *       "must not rise");</li>
 *   <li>{@code AN=CKN/KN} — the full CKN behind the SAs at each association number (the kernel keeps
 *       only a 128-bit key identifier) and the key number its SAK was derived with.</li>
 * </ul>
 * An alias that does not start with {@code qkd-macsec} is not ours and reads as empty.
 */
record SlotRecord(long lastKn, long errorBaseline, SortedMap<Integer, Slot> slots) {
    static final String PREFIX = "qkd-macsec";
    private static final Pattern FIELD = Pattern.compile("(kn|e)=(\\d+)|([0-3])=([0-9a-f]{2,64})/(\\d+)");

    record Slot(String ckn, long kn) { }

    SlotRecord {
        slots = Collections.unmodifiableSortedMap(new TreeMap<>(slots));
    }

    static SlotRecord empty() {
        return new SlotRecord(0, 0, new TreeMap<>());
    }

    static SlotRecord parse(Optional<String> alias) {
        if (alias.isEmpty() || !alias.get().startsWith(PREFIX + " ") && !alias.get().equals(PREFIX)) {
            return empty();
        }
        long kn = 0;
        long e = 0;
        SortedMap<Integer, Slot> slots = new TreeMap<>();
        for (String token : alias.get().substring(PREFIX.length()).trim().split("\\s+")) {
            Matcher m = FIELD.matcher(token.toLowerCase(Locale.ROOT));
            if (token.isEmpty() || !m.matches()) {
                continue; // tolerate what a later version may add
            }
            if (m.group(1) != null) {
                long v = Long.parseLong(m.group(2));
                if (m.group(1).equals("kn")) {
                    kn = v;
                } else {
                    e = v;
                }
            } else {
                slots.put(Integer.parseInt(m.group(3)), new Slot(m.group(4), Long.parseLong(m.group(5))));
            }
        }
        return new SlotRecord(kn, e, slots);
    }

    String render() {
        StringBuilder b = new StringBuilder(PREFIX).append(" kn=").append(lastKn).append(" e=").append(errorBaseline);
        slots.forEach((an, s) -> b.append(' ').append(an).append('=').append(s.ckn()).append('/').append(s.kn()));
        return b.toString();
    }

    Optional<Integer> anOf(String ckn) {
        return slots.entrySet().stream().filter(e -> e.getValue().ckn().equalsIgnoreCase(ckn)).map(Map.Entry::getKey).findFirst();
    }

    SlotRecord with(int an, String ckn, long kn) {
        SortedMap<Integer, Slot> m = new TreeMap<>(slots);
        m.put(an, new Slot(ckn, kn));
        return new SlotRecord(Math.max(lastKn, kn), errorBaseline, m);
    }

    SlotRecord without(int an) {
        SortedMap<Integer, Slot> m = new TreeMap<>(slots);
        m.remove(an);
        return new SlotRecord(lastKn, errorBaseline, m);
    }

    SlotRecord withBaseline(long e) {
        return new SlotRecord(lastKn, e, slots);
    }
}
