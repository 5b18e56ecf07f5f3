package org.qkdmacsec.controller.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.qkdmacsec.config.Fields;

/**
 * What the sections read so far define, for the references later sections make, and the naming rules
 * they share. A name mapped to null was defined by an entry with problems: references to it are not
 * reported again, but nothing is built from it.
 */
final class Defined {
    /** Device and KME names: they appear in {@code device:interface} and in file names, so no ':' or '/'. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final String NAME_RULE = "1-64 letters, digits, '.', '_' or '-', starting with a letter or digit";
    /** SAE IDs go into the KME URL path. */
    static final Pattern SAE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final String SAE_ID_RULE = "1-64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    final Map<String, Device> devices = new LinkedHashMap<>();
    final Map<String, Kme> kmes = new LinkedHashMap<>();
    final List<Link> links = new ArrayList<>();

    static boolean valid(Fields f, String key, String value, Pattern p, String what, String rule) {
        if (p.matcher(value).matches()) {
            return true;
        }
        f.error(key, "invalid " + what + " '" + value + "'", rule);
        return false;
    }

    /** Whether {@code name} is in {@code table}; reports an unknown one with what is known. */
    static boolean known(Fields f, String key, String name, Map<String, ?> table, String what) {
        if (table.containsKey(name)) {
            return true;
        }
        f.error(key, "unknown " + what + " '" + name + "'", knownList(what.equals("KME") ? "KMEs" : what + "s", table));
        return false;
    }

    static String knownList(String what, Map<String, ?> table) {
        return table.isEmpty() ? "no " + what + " are defined" : "known " + what + ": " + String.join(", ", table.keySet());
    }
}
