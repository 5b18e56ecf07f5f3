package org.qkdmacsec.harness.playbook;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.qkdmacsec.config.Fields;
import org.qkdmacsec.config.Problems;
import org.qkdmacsec.lab.kme.KmeEndpoint;
import org.qkdmacsec.lab.kme.KmeQuirk;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads a step's {@code fault:}: its kind, where to aim it and only the fields that kind uses. */
final class FaultReader {
    static final List<String> FAULT = List.of("kind", "side", "kme", "device", "endpoint", "mode", "latency", "skew", "when", "message",
            "quirk");

    /** Which fault kinds each optional fault field applies to. */
    private static final Map<String, Set<FaultKind>> FAULT_FIELD_KINDS = Map.of(
            "side", kinds(FaultKind.Target.KME, FaultKind.Target.DEVICE),
            "kme", kinds(FaultKind.Target.KME),
            "device", kinds(FaultKind.Target.DEVICE),
            "endpoint", without(kinds(FaultKind.Target.KME), FaultKind.KME_QUIRK),
            "mode", without(kinds(FaultKind.Target.KME), FaultKind.KME_QUIRK),
            "quirk", EnumSet.of(FaultKind.KME_QUIRK),
            "latency", EnumSet.of(FaultKind.KME_LATENCY),
            "skew", EnumSet.of(FaultKind.CLOCK_SKEW),
            "when", EnumSet.of(FaultKind.SESSION_DROP),
            "message", EnumSet.of(FaultKind.COMMIT_FAILURE));

    private final Problems problems;

    FaultReader(Problems problems) {
        this.problems = problems;
    }

    Optional<Action> fault(Fields step) {
        Node n = step.node("fault").orElseThrow();
        if (n instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
            if (s.getValue().equals(FaultKind.CLEAR.id())) {
                return Optional.of(new Action.Fault(FaultSpec.clear()));
            }
            step.error("fault", "'" + s.getValue() + "' is not a fault", "write fault: clear, or a mapping with kind: and where to aim it");
            return Optional.empty();
        }
        Optional<Fields> parsed = Fields.of(n, step.field("fault"), problems, FAULT);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Fields f = parsed.get();
        int before = problems.count();
        Optional<FaultKind> kind = f.required("kind", FaultKind.ids()).flatMap(k -> {
            Optional<FaultKind> fk = FaultKind.fromId(k);
            if (fk.isEmpty()) {
                f.error("kind", "unknown fault '" + k + "'", "use " + FaultKind.ids());
            }
            return fk;
        });
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        FaultKind k = kind.get();
        FAULT_FIELD_KINDS.forEach((field, allowed) -> {
            if (f.has(field) && !allowed.contains(k)) {
                f.error(field, "not used by fault " + k.id(), "it applies to " + ids(allowed.toArray(FaultKind[]::new), FaultKind::id));
            }
        });
        if (k == FaultKind.CLEAR) {
            return problems.count() > before ? Optional.empty() : Optional.of(new Action.Fault(FaultSpec.clear()));
        }
        String nameKey = k.target() == FaultKind.Target.KME ? "kme" : "device";
        if (f.has("side") == f.has(nameKey)) {
            problems.add(f.mark(), f.path(), "give either side: (a, b, enc or dec of each target link) or " + nameKey + ": NAME", "");
        }
        Optional<FaultSpec.SideRef> side = f.text("side").flatMap(s -> {
            Optional<FaultSpec.SideRef> r = FaultSpec.SideRef.fromId(s);
            if (r.isEmpty()) {
                f.error("side", "unknown side '" + s + "'", "use a, b, enc or dec");
            }
            return r;
        });
        Optional<String> named = f.has(nameKey) ? f.text(nameKey) : Optional.empty();
        Optional<KmeEndpoint> endpoint = f.text("endpoint").flatMap(e -> {
            Optional<KmeEndpoint> ep = Arrays.stream(KmeEndpoint.values()).filter(x -> x.pathSegment().equals(e)).findFirst();
            if (ep.isEmpty()) {
                f.error("endpoint", "unknown endpoint '" + e + "'", "use status, enc_keys or dec_keys");
            }
            return ep;
        });
        boolean sticky = f.text("mode").map(m -> {
            if (!m.equals("once") && !m.equals("sticky")) {
                f.error("mode", "expected once or sticky, got '" + m + "'", "once: the next request only; sticky: until fault: clear");
            }
            return m.equals("sticky");
        }).orElse(false);
        Optional<Duration> amount = k == FaultKind.KME_LATENCY ? required(f, "latency", f.positiveDuration("latency"), "e.g. latency: 2s")
                : k == FaultKind.CLOCK_SKEW ? required(f, "skew", f.signedDuration("skew"), "e.g. skew: 30s or skew: -10s")
                : Optional.empty();
        boolean beforeApply = f.text("when").map(w -> {
            if (!w.equals("before") && !w.equals("after")) {
                f.error("when", "expected before or after, got '" + w + "'", "before or after the commit takes effect");
            }
            return w.equals("before");
        }).orElse(false);
        String message = f.text("message").orElse(FaultSpec.DEFAULT_MESSAGE);
        Optional<KmeQuirk> quirk = k != FaultKind.KME_QUIRK ? Optional.empty()
                : f.required("quirk", KmeQuirk.ids()).flatMap(q -> {
                    Optional<KmeQuirk> kq = KmeQuirk.fromId(q);
                    if (kq.isEmpty()) {
                        f.error("quirk", "unknown quirk '" + q + "'", "use " + KmeQuirk.ids());
                    }
                    return kq;
                });
        if (problems.count() > before) {
            return Optional.empty();
        }
        if (k == FaultKind.KME_QUIRK && quirk.isEmpty()) {
            return Optional.empty();
        }
        FaultSpec spec = new FaultSpec(k, side, named, endpoint, sticky || k == FaultKind.KME_QUIRK, amount, beforeApply, message, quirk);
        if (endpoint.isPresent() && !applies(spec, endpoint.get())) {
            List<String> where = Arrays.stream(KmeEndpoint.values()).filter(e -> applies(spec, e)).map(KmeEndpoint::pathSegment).toList();
            f.error("endpoint", k.id() + " cannot be shown on " + endpoint.get().pathSegment(), "it applies to " + String.join(", ", where));
            return Optional.empty();
        }
        return Optional.of(new Action.Fault(spec));
    }

    /** Whether the lab's KMEs can show this fault on {@code endpoint} (the lab's own rule decides). */
    private static boolean applies(FaultSpec spec, KmeEndpoint endpoint) {
        try {
            LabFaults.kmeFault(new FaultSpec(spec.kind(), spec.side(), spec.named(), Optional.of(endpoint), spec.sticky(), spec.amount(),
                    spec.beforeApply(), spec.message(), spec.quirk()));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Optional<Duration> required(Fields f, String key, Optional<Duration> value, String hint) {
        if (!f.has(key)) {
            problems.add(f.mark(), f.field(key), "missing", hint);
        }
        return value;
    }


    private static Set<FaultKind> without(Set<FaultKind> kinds, FaultKind out) {
        Set<FaultKind> s = EnumSet.copyOf(kinds);
        s.remove(out);
        return s;
    }

    private static Set<FaultKind> kinds(FaultKind.Target... targets) {
        Set<FaultKind> out = EnumSet.noneOf(FaultKind.class);
        for (FaultKind k : FaultKind.values()) {
            if (Arrays.asList(targets).contains(k.target())) {
                out.add(k);
            }
        }
        return out;
    }

    private static <T> String ids(T[] values, java.util.function.Function<T, String> id) {
        return String.join(", ", Arrays.stream(values).map(id).toList());
    }
}
