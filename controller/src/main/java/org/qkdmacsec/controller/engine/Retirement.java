package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.qkdmacsec.controller.engine.DeviceAccess.Held;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.KeyChainView;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.KeySlot;

/**
 * RETIRED: after the overlap, remove consumed keys of ours (never the active key, never a future key,
 * never a key we did not create). A device that cannot be reached keeps its consumed keys until the next
 * run: retirement never fails a transaction whose new key is in service.
 */
final class Retirement {
    private Retirement() { }

    /** Retires on both ends; returns what an operator should know about keys left behind. */
    static List<String> run(Held held, Scope scope, LinkFacts f, List<String> newCkns) {
        Set<String> ours = scope.ctx().ledger().must("the link's own keys",
                () -> scope.ctx().ledger().journal().ownCkns(scope.link().id()));
        List<String> left = new java.util.ArrayList<>();
        for (Side s : Side.values()) {
            Instant t = scope.now();
            try {
                KeyChainView v = held.call(scope.device(s), d -> d.readKeys(f.port(s)));
                List<String> doomed = doomed(scope, f, v, ours, newCkns);
                Optional<String> description = description(scope, f, s, v);
                if (doomed.isEmpty() && description.isEmpty()) {
                    continue;
                }
                scope.checkFence();
                KeyPlan plan = description.map(KeyPlan.removing(doomed)::withDescription).orElse(KeyPlan.removing(doomed));
                held.call(scope.device(s), d -> {
                    d.commit(d.stage(f.port(s), plan), Duration.ZERO);
                    return null;
                });
                scope.step("RETIRED", s, t, "removed " + doomed.size() + " key(s)" + (description.isEmpty() ? "" : "; description names the key in service"));
            } catch (DriverException e) {
                left.add("retiring old keys on " + scope.device(s) + " failed (" + e.getMessage() + "); the next run retries");
            }
        }
        return left;
    }

    /** The description naming the key in service now, when the device's does not already (empty: leave it). */
    private static Optional<String> description(Scope scope, LinkFacts f, Side s, KeyChainView v) {
        Optional<String> template = scope.link().description();
        if (template.isEmpty() || !f.caps().get(s).descriptions()) {
            return Optional.empty();
        }
        Optional<String> active = f.scheduled() ? KeyRingPlanner.active(v.slots(), scope.now()).map(KeySlot::ckn)
                : v.activeSendCkn();
        Optional<String> keyId = active.flatMap(scope::keyIdOf);
        if (keyId.isEmpty()) {
            return Optional.empty();
        }
        String text = Descriptions.render(template.get(), v.description(), keyId.get(), active.get().toLowerCase(Locale.ROOT));
        return text.equals(v.description().orElse("")) ? Optional.empty() : Optional.of(text);
    }

    private static List<String> doomed(Scope scope, LinkFacts f, KeyChainView v, Set<String> ours, List<String> newCkns) {
        if (!f.scheduled()) {
            // SAs have no start-times: everything of ours but the key in use (and the new one) is consumed.
            String sending = v.activeSendCkn().map(c -> c.toLowerCase(Locale.ROOT)).orElse("");
            return v.slots().stream().map(KeySlot::ckn).filter(c -> {
                String lc = c.toLowerCase(Locale.ROOT);
                return ours.contains(lc) && !newCkns.contains(lc) && !lc.equals(sending);
            }).toList();
        }
        return KeyRingPlanner.retirable(v.slots(), scope.now(), scope.link().overlap(), ours).stream().map(KeySlot::ckn).toList();
    }
}
