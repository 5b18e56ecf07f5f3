package org.qkdmacsec.harness.playbook;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The faults a playbook can inject into the embedded lab. */
public enum FaultKind {
    KME_UNAVAILABLE(Target.KME, "503 before anything is processed"),
    KME_UNAUTHORIZED(Target.KME, "401, as when the KME no longer accepts the SAE"),
    KME_LATENCY(Target.KME, "the answer leaves after a delay (wall-clock time)"),
    KME_WRONG_KEY(Target.KME, "keys of the right length but another value"),
    KME_CORRUPT_KEY(Target.KME, "keys that are not valid base64"),
    KME_EXHAUSTED(Target.KME, "400 keys exhausted"),
    KME_DROP_CONNECTION(Target.KME, "the request is processed, then the connection closes without an answer"),
    KME_QUIRK(Target.KME, "behaves like a published KME that deviates from ETSI 014"),
    COMMIT_FAILURE(Target.DEVICE, "the next commit fails with an error"),
    SESSION_DROP(Target.DEVICE, "the management session drops at the next commit"),
    CLOCK_SKEW(Target.DEVICE, "the device clock runs ahead or behind"),
    MKA_NEVER_CONFIRMS(Target.DEVICE, "MKA never reports a new key secured"),
    CLEAR(Target.LAB, "every fault off, clocks back to the inventory's skew");

    /** What a fault of this kind is aimed at. */
    public enum Target { KME, DEVICE, LAB }

    private final Target target;
    private final String description;

    FaultKind(Target target, String description) {
        this.target = target;
        this.description = description;
    }

    public Target target() {
        return target;
    }

    public String description() {
        return description;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Optional<FaultKind> fromId(String id) {
        return Arrays.stream(values()).filter(k -> k.id().equals(id)).findFirst();
    }

    static String ids() {
        return String.join(", ", Arrays.stream(values()).map(FaultKind::id).toList());
    }
}
