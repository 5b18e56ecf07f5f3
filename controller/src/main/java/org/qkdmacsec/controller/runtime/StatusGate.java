package org.qkdmacsec.controller.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.qkdmacsec.controller.engine.KeySupplyException;
import org.qkdmacsec.controller.engine.Reason;
import org.qkdmacsec.controller.inventory.Kme;
import org.qkdmacsec.controller.inventory.KmeStatusMode;
import org.qkdmacsec.controller.kme.KmeClient;
import org.qkdmacsec.controller.kme.KmeException;
import org.qkdmacsec.controller.kme.KmeStatus;
import org.qkdmacsec.controller.kme.StatusAnswer;

/**
 * The preflight question "can this KME serve {@code count} keys now?", answered as the KME's
 * {@code status:} mode says. ETSI 014's {@code enc_keys} is the authority (it refuses cleanly, consuming
 * nothing); {@code /status} is advisory by default because published KMEs answer it with 404, with a Key
 * container (quPSKd's simulator), or with a {@code stored_key_count} that counts something else
 * (next-door-key-simulator counts keys already reserved). Reachability and authorisation still stop a
 * rollover in every mode but {@code off}.
 */
final class StatusGate {
    private final KmeWarnings warnings;

    StatusGate(KmeWarnings warnings) {
        this.warnings = warnings;
    }

    /**
     * @param ask     runs a call against the KME's client
     * @param ownSae  the SAE this side acts as (the KME should report it as master_SAE_ID)
     * @return the warnings to show (each once per KME for the life of the process)
     */
    List<String> check(Kme kme, String peerSae, String ownSae, int count, String role,
                       Function<Function<KmeClient, StatusAnswer>, StatusAnswer> ask) {
        List<String> out = new ArrayList<>();
        if (kme.statusMode() == KmeStatusMode.OFF) {
            return out;
        }
        boolean gate = kme.statusMode() == KmeStatusMode.GATE;
        String who = role + " KME " + kme.id();
        StatusAnswer answer = ask.apply(c -> c.statusAnswer(peerSae));
        if (answer instanceof StatusAnswer.Valid v) {
            KmeStatus s = v.status();
            if (!s.masterSaeId().equals(ownSae)) {
                warn(out, kme, "status-sae", who + " reports this client as SAE '" + s.masterSaeId() + "' (master_SAE_ID),"
                        + " the inventory says '" + ownSae + "': the KME identifies SAEs by their client certificate,"
                        + " so sae-id should be '" + s.masterSaeId() + "' or the certificate should be " + ownSae + "'s");
            }
            if (s.storedKeyCount() < count) {
                if (gate) {
                    throw new KeySupplyException(Reason.KME_EXHAUSTED, who + " holds " + s.storedKeyCount()
                            + " key(s) for SAE " + peerSae + ", " + count + " needed (status: gate)");
                }
                warn(out, kme, "status-count", who + " reports stored_key_count " + s.storedKeyCount() + " for SAE " + peerSae
                        + ", " + count + " needed; going on, since with status: advisory enc_keys decides (some KMEs count"
                        + " other keys here: next-door-key-simulator counts the keys already reserved; status: gate stops instead)");
            }
            return out;
        }
        if (answer instanceof StatusAnswer.NotAStatus n) {
            if (gate) {
                throw new KeySupplyException(Reason.KME_UNAVAILABLE, who + ": /status (peer SAE " + peerSae + ") answered "
                        + n.what() + ", not a Status (status: gate)");
            }
            warn(out, kme, "status-body", who + " answers /status with " + n.what() + " instead of a Status (quPSKd's"
                    + " simulator answers every path so); ignored, enc_keys decides (status: off stops asking)");
            return out;
        }
        KmeException e = ((StatusAnswer.Failed) answer).error();
        switch (e.kind()) {
            case UNAUTHORIZED, TLS -> throw new KeySupplyException(Reason.KME_UNAUTHORIZED, who + ": " + e.getMessage(), e);
            case NOT_FOUND, BAD_REQUEST, FORBIDDEN, HTTP_ERROR, MALFORMED -> {
                if (gate) {
                    throw new KeySupplyException(Reason.KME_UNAVAILABLE, who + ": " + e.getMessage() + " (status: gate)", e);
                }
                warn(out, kme, "status-http", who + " has no usable /status (" + answer.describe() + "); ignored,"
                        + " enc_keys decides (status: off stops asking)");
                return out;
            }
            default -> throw new KeySupplyException(Reason.KME_UNAVAILABLE, who + ": " + e.getMessage(), e);
        }
    }

    private void warn(List<String> out, Kme kme, String topic, String message) {
        if (warnings.first(kme.id(), topic, message)) {
            out.add(message);
        }
    }
}
