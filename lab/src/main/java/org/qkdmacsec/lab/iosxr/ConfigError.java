package org.qkdmacsec.lab.iosxr;

import java.util.List;

/**
 * A semantic error found at commit: the configuration mode path to the failing item (CLI lines such as
 * {@code key chain K}, {@code macsec}, {@code key 01}), the failing item's own CLI line, and the reason.
 */
record ConfigError(List<String> context, String item, String message) {
    ConfigError {
        context = List.copyOf(context);
    }

    /** One line, as gNMI error messages carry it: {@code key chain K macsec key 01 lifetime …: reason}. */
    String oneLine() {
        StringBuilder sb = new StringBuilder();
        for (String c : context) {
            sb.append(c).append(' ');
        }
        return sb.append(item).append(": ").append(message).toString();
    }
}
