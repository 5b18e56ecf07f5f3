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

    Quirks(Set<KmeQuirk> initial) {
        this.initial = initial.isEmpty() ? EnumSet.noneOf(KmeQuirk.class) : EnumSet.copyOf(initial);
        this.current = Set.copyOf(this.initial);
    }

    /** Shows {@code quirk} from the next request on. */
    public synchronized void add(KmeQuirk quirk) {
        Set<KmeQuirk> next = current.isEmpty() ? EnumSet.noneOf(KmeQuirk.class) : EnumSet.copyOf(current);
        next.add(Objects.requireNonNull(quirk, "quirk"));
        current = Set.copyOf(next);
    }

    /** Exactly these from the next request on. */
    public synchronized void set(Set<KmeQuirk> quirks) {
        current = Set.copyOf(quirks);
    }

    /** Back to the spec's quirks. */
    public synchronized void reset() {
        current = Set.copyOf(initial);
    }

    public Set<KmeQuirk> current() {
        return current;
    }

    public boolean has(KmeQuirk quirk) {
        return current.contains(quirk);
    }
}
