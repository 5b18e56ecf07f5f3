package org.qkdmacsec.lab.kme;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The faults armed on one KME, settable at run time from any thread. A one-shot fault is spent by the
 * first request to an endpoint it applies to; a sticky one stays until {@link #clear()}.
 */
public final class Faults {
    private record Armed(Fault fault, boolean sticky) {}

    private final List<Armed> armed = new ArrayList<>();

    /** Shows {@code fault} on the next request it applies to. */
    public synchronized void once(Fault fault) {
        armed.add(new Armed(Objects.requireNonNull(fault, "fault"), false));
    }

    /** Shows {@code fault} on every request it applies to until {@link #clear()}. */
    public synchronized void sticky(Fault fault) {
        armed.add(new Armed(Objects.requireNonNull(fault, "fault"), true));
    }

    /** Disarms every fault, one-shot and sticky. */
    public synchronized void clear() {
        armed.clear();
    }

    /** The faults armed now (one-shot ones included until spent). */
    public synchronized List<Fault> armed() {
        return armed.stream().map(Armed::fault).toList();
    }

    /**
     * The faults a request to {@code endpoint} shows. It spends at most one one-shot fault of each kind,
     * so two {@code once(unavailable())} calls fail two requests.
     */
    synchronized List<Fault> take(KmeEndpoint endpoint) {
        List<Fault> hit = new ArrayList<>();
        Set<Fault.Kind> spent = EnumSet.noneOf(Fault.Kind.class);
        for (Iterator<Armed> it = armed.iterator(); it.hasNext();) {
            Armed a = it.next();
            if (!a.fault().appliesTo(endpoint)) {
                continue;
            }
            if (a.sticky()) {
                hit.add(a.fault());
            } else if (spent.add(a.fault().kind())) {
                hit.add(a.fault());
                it.remove();
            }
        }
        return hit;
    }
}
