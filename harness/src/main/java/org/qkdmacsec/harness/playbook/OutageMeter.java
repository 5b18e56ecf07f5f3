package org.qkdmacsec.harness.playbook;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.qkdmacsec.harness.lab.EmbeddedLab;
import org.qkdmacsec.lab.mka.MkaLinkModel;
import org.qkdmacsec.lab.mka.OutageTimeline;
import org.qkdmacsec.lab.mka.TimeInterval;

/**
 * Outage per link from the lab's MKA link models, the ground truth for "hitless". A link counts from
 * the moment it was first secured (its first keying leaves it unsecured until the first key starts).
 */
final class OutageMeter {
    private final EmbeddedLab lab;
    private final Map<String, Instant> securedSince = new java.util.TreeMap<>();

    OutageMeter(EmbeddedLab lab) {
        this.lab = lab;
    }

    boolean modelled(String linkId) {
        return lab.model(linkId).isPresent();
    }

    /**
     * The outage of {@code linkId} in [{@code from}, {@code to}), counted from its first secured instant;
     * empty when the link has not been secured by {@code to}.
     */
    Optional<OutageTimeline> during(String linkId, Instant from, Instant to) {
        MkaLinkModel model = lab.model(linkId).orElseThrow();
        if (!securedSince.containsKey(linkId)) {
            Instant first = from;
            OutageTimeline before = model.outages(from, to);
            if (!before.outages().isEmpty() && !before.outages().get(0).from().isAfter(from)) {
                first = before.outages().get(0).to();
            }
            if (!first.isBefore(to) && !model.securedAt(to)) {
                return Optional.empty();
            }
            securedSince.put(linkId, first);
        }
        Instant start = securedSince.get(linkId).isAfter(from) ? securedSince.get(linkId) : from;
        return Optional.of(model.outages(start, to.isBefore(start) ? start : to));
    }

    /** Links secured at some point of the run, with the instant they first were, by link id (the report's order). */
    Map<String, Instant> securedSince() {
        return java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(securedSince));
    }

    static String describe(OutageTimeline o) {
        if (o.hitless()) {
            return "0 s outage (MKA model, " + o.from() + " to " + o.to() + ")";
        }
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "%.1f s outage (MKA model):", o.totalSeconds()));
        for (TimeInterval i : o.outages()) {
            b.append(' ').append(i.from()).append(" to ").append(i.to()).append(';');
        }
        return b.toString();
    }
}
