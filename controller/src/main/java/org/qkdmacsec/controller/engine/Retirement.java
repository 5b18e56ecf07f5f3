package org.qkdmacsec.controller.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.qkdmacsec.controller.engine.DeviceAccess.Held;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.spi.DriverException;
import org.qkdmacsec.spi.KeyChainView;
import org.qkdmacsec.spi.KeyPlan;
import org.qkdmacsec.spi.KeySlot;
import org.qkdmacsec.spi.PortChange;

/**
 * RETIRED: after the overlap, remove consumed keys of ours (never the active key, never a future key,
 * never a key we did not create) and let the interface descriptions name the key in service. Links that
 * retire at about the same time share one change and one plain commit per device, like preparation. A
 * device that cannot be reached keeps its consumed keys until the next run: retirement never fails a
 * transaction whose new key is in service.
 */
final class Retirement {
    /** One link to retire; {@code done} receives what an operator should know about keys left behind. */
    record Retiree(Scope scope, LinkFacts facts, List<String> newCkns, Consumer<List<String>> done) { }

    /** One side's share of a device's retirement change. */
    private record Part(Retiree retiree, Side side, KeyPlan plan, int removed, Instant since) { }

    /** Items are owned by their transaction's scope (what {@link Coalescer#expect} is told while it verifies). */
    static final Coalescer.Shape<Retiree> SHAPE = new Coalescer.Shape<>() {
        @Override
        public Object owner(Retiree r) {
            return r.scope();
        }

        @Override
        public List<String> devices(Retiree r) {
            return List.of(r.scope().device(Side.A), r.scope().device(Side.B));
        }

        @Override
        public int perChange(Retiree r, String device) {
            int n = Integer.MAX_VALUE;
            for (Side s : Side.values()) {
                if (r.scope().device(s).equals(device)) {
                    n = Math.min(n, r.facts().caps().get(s).portsPerCommit());
                }
            }
            return n;
        }

        @Override
        public String kind(Retiree r) {
            return "retire";
        }
    };

    private Retirement() { }

    /** Retirements gathered like preparations (same window and batch size); each retiree hears back once its devices are free. */
    static Coalescer<Retiree> coalescer(EngineScheduler scheduler, DeviceAccess devices, Duration window, int maxLinks,
                                        CommitTimes commits) {
        return new Coalescer<>(scheduler, devices, window, maxLinks, SHAPE, (held, batch) -> {
            List<List<String>> left;
            try {
                left = batch(held, batch);
            } catch (RuntimeException e) {
                left = batch.stream().map(r -> List.of("retirement deferred to the next run: " + e.getMessage())).toList();
            } finally {
                held.release();
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().accept(left.get(i));
            }
        }, r -> commits.sum(SHAPE.devices(r)).multipliedBy(2));
    }

    /** Retires one link on both ends, devices held; returns what an operator should know about keys left behind. */
    static List<String> run(Held held, Scope scope, LinkFacts f, List<String> newCkns) {
        return batch(held, List.of(new Retiree(scope, f, newCkns, notes -> { }))).get(0);
    }

    /**
     * Retires a batch holding every device it touches: each link's sides are planned from what the devices
     * hold now, then each device gets one change for all its links' sides; a change refused as a whole is
     * retried link by link. Returns, for every retiree in order, what it left behind.
     */
    static List<List<String>> batch(Held held, List<Retiree> batch) {
        Map<Retiree, List<String>> left = new java.util.IdentityHashMap<>();
        batch.forEach(r -> left.put(r, new ArrayList<>()));
        Map<String, List<Part>> byDevice = new TreeMap<>();
        for (Retiree r : batch) {
            for (Side s : Side.values()) {
                try {
                    plan(held, r, s).ifPresent(p -> byDevice.computeIfAbsent(r.scope().device(s), d -> new ArrayList<>()).add(p));
                } catch (RuntimeException e) {
                    // A device, the journal or the fence said no for this link: its cleanup waits for the next run.
                    left.get(r).add(leftBehind(r, s, e));
                }
            }
        }
        byDevice.forEach((device, parts) -> commit(held, device, parts, left));
        return batch.stream().map(left::get).toList();
    }

    /** What one side needs removed or described, read from the device now (empty: nothing to do). */
    private static Optional<Part> plan(Held held, Retiree r, Side s) {
        Scope scope = r.scope();
        Set<String> ours = scope.ctx().ledger().must("the link's own keys", () -> scope.ctx().ledger().journal().ownCkns(scope.link().id()));
        Instant t = scope.now();
        KeyChainView v = held.call(scope.device(s), d -> d.readKeys(r.facts().port(s)));
        List<String> doomed = doomed(scope, r.facts(), v, ours, r.newCkns());
        Optional<String> description = description(scope, r.facts(), s, v);
        if (doomed.isEmpty() && description.isEmpty()) {
            return Optional.empty();
        }
        scope.checkFence();
        KeyPlan plan = description.map(KeyPlan.removing(doomed)::withDescription).orElse(KeyPlan.removing(doomed));
        return Optional.of(new Part(r, s, plan, doomed.size(), t));
    }

    private static void commit(Held held, String device, List<Part> parts, Map<Retiree, List<String>> left) {
        if (parts.size() > 1) {
            try {
                held.call(device, d -> {
                    d.commit(d.stage(parts.stream().map(p -> new PortChange(p.retiree().facts().port(p.side()), p.plan())).toList()),
                            Duration.ZERO);
                    return null;
                });
                parts.forEach(p -> retired(p, ", " + parts.size() + " links in one commit"));
                return;
            } catch (DriverException e) {
                if (!refusedAsAWhole(e)) {
                    parts.forEach(p -> left.get(p.retiree()).add(leftBehind(p.retiree(), p.side(), e)));
                    return;
                }
                // One link's part spoiled the change: each link on its own, so the others still retire.
            }
        }
        for (Part p : parts) {
            try {
                held.call(device, d -> {
                    d.commit(d.stage(p.retiree().facts().port(p.side()), p.plan()), Duration.ZERO);
                    return null;
                });
                retired(p, "");
            } catch (DriverException e) {
                left.get(p.retiree()).add(leftBehind(p.retiree(), p.side(), e));
            }
        }
    }

    private static void retired(Part p, String shared) {
        p.retiree().scope().step("RETIRED", p.side(), p.since(), "removed " + p.removed() + " key(s)"
                + (p.plan().description().isEmpty() ? "" : "; description names the key in service") + shared);
    }

    private static String leftBehind(Retiree r, Side s, RuntimeException e) {
        return "retiring old keys on " + r.scope().device(s) + " failed (" + e.getMessage() + "); the next run retries";
    }

    private static boolean refusedAsAWhole(DriverException e) {
        return switch (e.kind()) {
            case DEVICE_ERROR, COMMIT_FAILED, INVALID_REQUEST, UNSUPPORTED -> true;
            default -> false;
        };
    }

    /**
     * Immediate-activation devices hold few keys (Linux: the SA in use and the next): a consumed key of
     * ours left behind by an earlier retirement that failed is removed before the new one is staged. The
     * key in use is never touched.
     */
    static void leftovers(Held held, Scope scope, LinkFacts f) {
        Set<String> ours = scope.ctx().ledger().must("the link's own keys", () -> scope.ctx().ledger().journal().ownCkns(scope.link().id()));
        for (Side s : Side.values()) {
            Optional<String> inUse = f.activeSend(s).map(c -> c.toLowerCase(Locale.ROOT));
            List<String> stale = f.view(s).slots().stream().map(k -> k.ckn().toLowerCase(Locale.ROOT))
                    .filter(c -> ours.contains(c) && !inUse.map(c::equals).orElse(false)).toList();
            if (!stale.isEmpty()) {
                scope.checkFence();
                Instant t = scope.now();
                Calls.run(held, scope, s, Reason.STAGE_FAILED, d -> d.commit(d.stage(f.port(s), KeyPlan.removing(stale)), Duration.ZERO));
                scope.step("RETIRED", s, t, "removed " + stale.size() + " leftover key(s) before staging");
            }
        }
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
