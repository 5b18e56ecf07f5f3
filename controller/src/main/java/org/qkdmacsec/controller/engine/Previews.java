package org.qkdmacsec.controller.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qkdmacsec.controller.engine.DeviceAccess.Held;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.controller.keys.DerivedKey;
import org.qkdmacsec.spi.Candidate;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.KeySlot;

/** What a rollover would do, without doing it: the plan in words, or each device's diff of placeholder keys. */
final class Previews {
    /** A dry run's outcome: the would-be CKNs (placeholders), their start, and each device's diff. */
    record DryRun(List<String> ckns, Instant start, Map<String, String> diffs) { }

    private Previews() { }

    static String describe(Scope scope, Preflight.Outcome o) {
        List<KeySlot> retirable = KeyRingPlanner.retirable(o.facts().view(Side.A).slots(), scope.now(), scope.link().overlap(),
                scope.ctx().ledger().must("the link's own keys", () -> scope.ctx().ledger().journal().ownCkns(scope.link().id())));
        KeyRingPlanner.Plan plan = o.plan();
        String adds = plan.adds().isEmpty() ? "add nothing (keyring full)"
                : "add " + plan.adds().size() + " key(s) starting " + String.join(", ", plan.adds().stream()
                        .map(a -> a.start().toString()).toList()) + " (lead " + Text.seconds(o.lead()) + ")";
        String ends = plan.endMoves().isEmpty() ? "" : "; move " + plan.endMoves().size() + " end-time(s)";
        String retire = retirable.isEmpty() ? "; retire nothing" : "; retire " + retirable.size() + " consumed key(s)";
        return "would " + adds + ends + retire;
    }

    /** Stages placeholder keys on both ends, keeps each device's diff and discards: nothing is committed. */
    static DryRun dryRun(Held held, Scope scope, Preflight.Outcome o) {
        KeyRingPlanner.Plan plan = o.plan();
        Instant start = plan.firstStart().orElse(scope.now());
        Map<String, String> diffs = new LinkedHashMap<>();
        List<String> ckns = new ArrayList<>();
        List<DerivedKey> placeholders = PlaceholderKeys.forCipher(o.facts().port(Side.A).cipher(), plan.adds().size());
        try {
            List<KeyPlan.Add> adds = new ArrayList<>();
            for (int i = 0; i < placeholders.size(); i++) {
                DerivedKey k = placeholders.get(i);
                ckns.add(k.ckn());
                adds.add(new KeyPlan.Add(k.ckn(), k.cak(), plan.adds().get(i).start(), plan.adds().get(i).end()));
            }
            List<KeyPlan.EndChange> ends = plan.endMoves().stream().map(m -> new KeyPlan.EndChange(m.ckn(), m.end())).toList();
            for (Side s : Side.values()) {
                KeyPlan p = o.facts().endTimes(s) ? new KeyPlan(adds, ends, List.of())
                        : new KeyPlan(adds.stream().map(a -> new KeyPlan.Add(a.ckn(), a.cak(), a.start(), java.util.Optional.empty()))
                                .toList(), List.of(), List.of());
                Candidate c = Calls.call(held, scope, s, Reason.STAGE_FAILED, d -> d.stage(o.facts().port(s), p));
                try {
                    diffs.put(scope.device(s), c.diff());
                } finally {
                    Calls.run(held, scope, s, Reason.STAGE_FAILED, d -> d.discard(c));
                }
            }
        } finally {
            placeholders.forEach(DerivedKey::close);
        }
        return new DryRun(ckns, start, diffs);
    }
}
