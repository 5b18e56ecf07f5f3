package org.qkdmacsec.driver.junos;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.DriverException.Kind;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.Port;

/**
 * Refuses, before anything is sent, a plan Junos would reject or that this driver cannot apply
 * faithfully. From Juniper's models ({@code junos-conf-security} and {@code junos-conf-interfaces},
 * 24.4R1, {@code ../shared/vendor-models/junos-24.4R1}): a CKN ({@code key-name}) that is not
 * even-length hex of 2–64 digits ({@code junos:posix-pattern "^([0-9a-fA-F][0-9a-fA-F]){1,32}$"}), a key
 * chain name over 32 characters, with a space or in {@code __x__} form ({@code junos:posix-pattern
 * "!^((__.*__)|(.*[ ].*)|(.{33,}))$"}), a connectivity-association name outside 1–32 characters
 * ({@code length "1 .. 32"}). From the MACsec cipher suites: a CAK whose length does not match the
 * port's cipher (16 bytes for the AES-128 suites, 32 for AES-256; the model's {@code secret} allows
 * 1–126 characters, the commit check refuses a mismatch). From the driver's contract: an end-time
 * (Junos keys have none: the next key's start-time ends the previous one), a CKN both added and
 * removed or added twice. An interface description must be 1–255 characters without control
 * characters: the model sets no bound ({@code type string}); 255 octets is what LLDP's Port
 * Description TLV carries (IEEE 802.1AB), and seed 002's peer reads the key_ID over LLDP. Messages name
 * the CKN and lengths, never the CAK.
 */
final class PlanValidator {
    private static final Pattern CKN = Pattern.compile("[0-9a-fA-F]{2,64}");
    /** The complement of the key-chain name's posix-pattern "!^((__.*__)|(.*[ ].*)|(.{33,}))$". */
    private static final Pattern BAD_CHAIN = Pattern.compile("(__.*__)|(.*[ ].*)|(.{33,})", Pattern.DOTALL);
    static final int MAX_CA = 32;
    static final int MAX_DESCRIPTION = 255;

    private PlanValidator() { }

    static void validate(String device, Port port, KeyPlan plan) {
        if (!plan.adds().isEmpty() || !plan.removes().isEmpty()) {
            if (port.keyChain().isEmpty() || BAD_CHAIN.matcher(port.keyChain()).matches()) {
                throw invalid(device, "key chain name '" + port.keyChain() + "' must be 1 to 32 characters without spaces"
                        + " and not of the form __name__ (Junos model: \"Must be string of 32 characters or less with no spaces\")");
            }
            String ca = port.connectivityAssociation();
            if (ca.isEmpty() || ca.length() > MAX_CA) {
                throw invalid(device, "connectivity-association name '" + ca + "' must be 1 to " + MAX_CA + " characters"
                        + " (Junos model: length 1 .. 32), it has " + ca.length());
            }
        }
        plan.description().ifPresent(d -> checkDescription(device, d));
        if (!plan.endChanges().isEmpty()) {
            throw new DriverException(Kind.UNSUPPORTED, device, "Junos key-chain keys have no end-time; the plan moves "
                    + plan.endChanges().size() + " end-time(s)");
        }
        Set<String> added = new HashSet<>();
        for (KeyPlan.Add a : plan.adds()) {
            String ckn = checkCkn(device, a.ckn(), "add");
            if (!added.add(ckn)) {
                throw invalid(device, "the plan adds CKN " + ckn + " twice");
            }
            if (a.cak().isClosed()) {
                throw invalid(device, "the CAK for CKN " + ckn + " was already wiped (closed) before staging");
            }
            int want = port.cipher().cakBytes();
            if (a.cak().length() != want) {
                throw invalid(device, "the CAK for CKN " + ckn + " is " + a.cak().length() + " bytes; cipher "
                        + port.cipher().wireName() + " on " + port.interfaceName() + " needs " + want + " bytes (" + 2 * want
                        + " hex digits)");
            }
            if (a.end().isPresent()) {
                throw invalid(device, "key " + ckn + " has an end-time; Junos keys end when the next key starts");
            }
        }
        for (KeyPlan.Remove r : plan.removes()) {
            String ckn = checkCkn(device, r.ckn(), "remove");
            if (added.contains(ckn)) {
                throw invalid(device, "the plan both adds and removes CKN " + ckn);
            }
        }
    }

    private static void checkDescription(String device, String d) {
        if (d.isEmpty() || d.length() > MAX_DESCRIPTION) {
            throw invalid(device, "the interface description must be 1 to " + MAX_DESCRIPTION + " characters (what LLDP's Port"
                    + " Description carries), it has " + d.length() + (d.isEmpty() ? "; leave it out of the plan to keep the"
                    + " description as it is" : ""));
        }
        int bad = d.codePoints().filter(c -> Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE
                || c == 0xFFFE || c == 0xFFFF).findFirst().orElse(-1);
        if (bad >= 0) {
            throw invalid(device, "the interface description contains control character U+"
                    + String.format("%04X", bad) + "; Junos descriptions are one line of text");
        }
    }

    private static String checkCkn(String device, String ckn, String what) {
        if (ckn == null || !CKN.matcher(ckn).matches() || ckn.length() % 2 != 0) {
            String shown = ckn == null ? "(none)" : ckn.length() > 80 ? ckn.substring(0, 80) + "…" : ckn;
            throw invalid(device, "cannot " + what + " key: CKN '" + shown + "' must be an even number (2–64) of hex digits"
                    + (ckn == null ? "" : ", it has " + ckn.length() + " characters"));
        }
        return ckn.toLowerCase(Locale.ROOT);
    }

    private static DriverException invalid(String device, String message) {
        return new DriverException(Kind.INVALID_REQUEST, device, message);
    }
}
