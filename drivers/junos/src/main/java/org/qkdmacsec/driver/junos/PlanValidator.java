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
 * faithfully: CKN not even-length hex of 2–64 digits, CAK length not matching the port's cipher
 * (16 bytes for the AES-128 suites, 32 for AES-256), an end-time (Junos keys have none: the next
 * key's start-time ends the previous one), a CKN both added and removed or added twice. Messages name
 * the CKN and lengths, never the CAK.
 */
final class PlanValidator {
    private static final Pattern CKN = Pattern.compile("[0-9a-fA-F]{2,64}");

    private PlanValidator() { }

    static void validate(String device, Port port, KeyPlan plan) {
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
