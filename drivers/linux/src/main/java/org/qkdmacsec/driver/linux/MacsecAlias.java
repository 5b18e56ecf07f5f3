package org.qkdmacsec.driver.linux;

import java.util.Optional;
import java.util.regex.Pattern;
import org.qkdmacsec.spi.DriverException;

/**
 * The MACsec device's alias (IFLA_IFALIAS: at most 255 bytes, {@code ip link set dev macsec0 alias …},
 * shown by {@code ip link show} and as SNMP ifAlias) carries two things: the interface description an
 * operator reads, then the driver's key record ({@link SlotRecord}), so both live and die with the
 * device: {@code qkd key_ID 6f1c… ckn 4e4f8e3e | qkd-macsec kn=5 e=0 1=4e4f…/5}. Without a description
 * the alias is the record alone, as before; an alias without a record is someone's description.
 */
record MacsecAlias(Optional<String> description, SlotRecord record) {
    /** IFALIASZ is 256 bytes with the terminating NUL. */
    static final int MAX = 255;
    static final String SEPARATOR = " | ";
    /** Printable ASCII without the quotes and backslash that {@code ip -batch} would take as syntax. */
    private static final Pattern TEXT = Pattern.compile("[\\x20-\\x7e&&[^\"'\\\\]]+");

    static MacsecAlias parse(Optional<String> alias) {
        if (alias.isEmpty() || alias.get().isEmpty()) {
            return new MacsecAlias(Optional.empty(), SlotRecord.empty());
        }
        String a = alias.get();
        if (a.startsWith(SlotRecord.PREFIX + " ") || a.equals(SlotRecord.PREFIX)) {
            return new MacsecAlias(Optional.empty(), SlotRecord.parse(alias));
        }
        int at = a.lastIndexOf(SEPARATOR + SlotRecord.PREFIX);
        if (at < 0) {
            return new MacsecAlias(Optional.of(a), SlotRecord.empty());
        }
        String d = a.substring(0, at);
        return new MacsecAlias(d.isEmpty() ? Optional.empty() : Optional.of(d),
                SlotRecord.parse(Optional.of(a.substring(at + SEPARATOR.length()))));
    }

    String render() {
        return description.map(d -> d + SEPARATOR).orElse("") + record.render();
    }

    /**
     * Refuses a description that {@code ip} cannot carry or that would not fit beside {@code record}
     * in 255 bytes.
     */
    static void checkDescription(String device, String text, SlotRecord record) {
        if (!TEXT.matcher(text).matches() || text.contains(SlotRecord.PREFIX)) {
            throw PortSettings.invalid(device, "the interface description must be printable ASCII without quotes or"
                    + " backslashes and without the word " + SlotRecord.PREFIX + " (it goes into the MACsec device's alias)");
        }
        int room = MAX - SEPARATOR.length() - record.render().length();
        if (text.length() > room) {
            throw PortSettings.invalid(device, "the interface description has " + text.length() + " characters; the MACsec"
                    + " device's alias (255 bytes) has room for " + room + " beside the driver's key record");
        }
    }
}
