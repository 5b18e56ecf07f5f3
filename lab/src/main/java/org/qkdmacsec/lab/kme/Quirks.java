package org.qkdmacsec.lab.kme;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The deviations one KME shows now: those of its {@link KmeSpec} from the start, changeable at run time
 * from any thread (a fault search or a playbook switches a KME to behave like a published one).
 */
public final class Quirks {
    private final Set<KmeQuirk> initial;
    private volatile Set<KmeQuirk> current;
    private volatile Runnable certificateChanged = () -> { };

    Quirks(Set<KmeQuirk> initial) {
        this.initial = initial.isEmpty() ? EnumSet.noneOf(KmeQuirk.class) : EnumSet.copyOf(initial);
        this.current = Set.copyOf(this.initial);
    }

    /** Shows {@code quirk} from the next request on. */
    public synchronized void add(KmeQuirk quirk) {
        Set<KmeQuirk> next = current.isEmpty() ? EnumSet.noneOf(KmeQuirk.class) : EnumSet.copyOf(current);
        next.add(Objects.requireNonNull(quirk, "quirk"));
        set(next);
    }

    /** Exactly these from the next request on. */
    public synchronized void set(Set<KmeQuirk> quirks) {
        boolean certificate = current.contains(KmeQuirk.NO_SUBJECT_ALT_NAME) != quirks.contains(KmeQuirk.NO_SUBJECT_ALT_NAME);
        current = Set.copyOf(quirks);
        if (certificate) {
            certificateChanged.run(); // as a KME changes its certificate: by a restart that drops every connection
        }
    }

    /** Back to the spec's quirks. */
    public synchronized void reset() {
        set(initial);
    }

    void onCertificateChange(Runnable r) {
        certificateChanged = r;
    }

    public Set<KmeQuirk> current() {
        return current;
    }

    public boolean has(KmeQuirk quirk) {
        return current.contains(quirk);
    }
}
