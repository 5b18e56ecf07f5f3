package org.qkdmacsec.driver.iosxr;

import java.util.regex.Pattern;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.DriverException.Kind;

/**
 * What Cisco's models allow in the values this driver sends, checked before anything is sent. From
 * {@code ../shared/vendor-models/iosxr-24.4.2} and {@code iosxr-7.11.1} (the same definitions in both):
 * <ul>
 * <li>{@code Cisco-IOS-XR-um-key-chain-cfg} (revision 2022-10-22): {@code key-chain-name} a
 * {@code Cisco-ios-xr-string} of 1..32; {@code ckn} of 2..64 ("non-zero hex string of even length");
 * lifetime {@code year} 1993..2035;</li>
 * <li>{@code Cisco-IOS-XR-um-macsec-cfg}: {@code psk-keychain keychain-name} 1..32, {@code policy}
 * 1..16 ("MACsec Policy name, maximum length 16");</li>
 * <li>{@code Cisco-IOS-XR-um-interface-cfg} (revision 2022-07-11): {@code description} a string of
 * 1..1024;</li>
 * <li>{@code Cisco-IOS-XR-types}: {@code Cisco-ios-xr-string} pattern "[\w\-\.:,_@#%$\+=\| ;]+"
 * ("Special characters are not allowed").</li>
 * </ul>
 * The driver is stricter in two places, both for the CLI, which takes these values as words of a line:
 * names and the policy may not contain spaces or non-ASCII characters, and a description is one line
 * without control characters or leading or trailing spaces (the CLI would drop them, and the
 * read-back would differ).
 */
final class XrModelRules {
    static final int MAX_NAME = 32;
    static final int MAX_POLICY = 16;
    static final int MAX_DESCRIPTION = 1024;
    static final int MIN_YEAR = 1993;
    static final int MAX_YEAR = 2035;
    /** Cisco-ios-xr-string, ASCII and without the space: one CLI word the model also accepts. */
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_\\-.:,@#%$+=|;]+");

    private XrModelRules() {
    }

    static void name(String device, String what, String value, int max) {
        if (value.isEmpty() || value.length() > max || !WORD.matcher(value).matches()) {
            throw invalid(device, what + " '" + value + "' must be 1 to " + max + " of A-Z a-z 0-9 _ - . : , @ # % $ + = | ;"
                    + " (Cisco-IOS-XR model: Cisco-ios-xr-string, length 1.." + max + ")");
        }
    }

    static void policy(String device, String value) {
        name(device, "macsec-policy", value, MAX_POLICY);
    }

    static void year(String device, String what, XrTime t) {
        if (t.year() < MIN_YEAR || t.year() > MAX_YEAR) {
            throw invalid(device, what + " falls in " + t.year() + "; IOS-XR key lifetimes run from " + MIN_YEAR + " to " + MAX_YEAR
                    + " (Cisco-IOS-XR-um-key-chain-cfg: year range \"1993..2035\")");
        }
    }

    static void description(String device, String text) {
        if (text.isEmpty() || text.length() > MAX_DESCRIPTION) {
            throw invalid(device, "the interface description must be 1 to " + MAX_DESCRIPTION + " characters"
                    + " (Cisco-IOS-XR-um-interface-cfg: length \"1..1024\"), it has " + text.length()
                    + (text.isEmpty() ? "; leave it out of the plan to keep the description as it is" : ""));
        }
        if (text.codePoints().anyMatch(Character::isISOControl)) {
            throw invalid(device, "the interface description must be one line without control characters");
        }
        if (!text.strip().equals(text)) {
            throw invalid(device, "the interface description must not start or end with spaces (the CLI drops them)");
        }
    }

    static DriverException invalid(String device, String message) {
        return new DriverException(Kind.INVALID_REQUEST, device, message);
    }
}
