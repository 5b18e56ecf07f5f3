package org.qkdmacsec.harness.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * What one run does, drawn from its seed: the topology (link kinds, device latencies, a device without
 * confirmed commit now and then), the operations (rollovers now, periodic keyring runs, a second
 * controller racing for the same link) and the faults. The same seed always draws the same scenario;
 * a fault mask (from shrinking or a replay command) keeps only some of its faults.
 */
record Scenario(long seed, Topology topology, List<LinkPlan> links, List<Op> ops, List<Fault> faults) {
    enum Topology { JUNOS_JUNOS, XR_GNMI_PAIR, XR_CLI_PAIR, JUNOS_XR, LINUX_PAIR, SHARED_JUNOS, SHARED_XR, TWIN_JUNOS, TWIN_XR }

    /** A device of the run. */
    record DevicePlan(String name, Flavor flavor, Duration commitLatency, boolean commitConfirmed) { }

    /** A link between two devices' ports. */
    /** {@code interval}: the keyring's key spacing (short ones make a restart outlast a key of a multi-key run). */
    record LinkPlan(String id, DevicePlan a, String portA, DevicePlan b, String portB, int keyringSlots, Duration interval) {
        LinkPlan withInterval(Duration d) {
            return new LinkPlan(id, a, portA, b, portB, keyringSlots, d);
        }
    }

    static final Duration SHORT_INTERVAL = Duration.ofSeconds(90);

    /** An operation at an offset from the start: a rollover now, or the daemon's periodic keyring run. */
    record Op(Duration at, String link, boolean immediate) { }

    static final Duration HORIZON = Duration.ofMinutes(20);

    static Scenario draw(long seed, Set<Topology> allowed) {
        Random r = new Random(seed);
        List<Topology> choices = new ArrayList<>(allowed);
        choices.sort(null);
        Topology t = choices.get(r.nextInt(choices.size()));
        List<LinkPlan> links = links(t, r);
        List<Op> ops = new ArrayList<>();
        boolean together = links.size() > 1 && r.nextBoolean();
        if (together) {
            // Batched schedules: every link's operations fall due at the same instants (one commit per device).
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                Duration at = Duration.ofSeconds(r.nextInt((int) HORIZON.toSeconds()));
                boolean immediate = r.nextInt(10) < 7;
                links.forEach(l -> ops.add(new Op(at, l.id(), immediate)));
            }
        } else {
            for (LinkPlan l : links) {
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    ops.add(new Op(Duration.ofSeconds(r.nextInt((int) HORIZON.toSeconds())), l.id(), r.nextInt(10) < 7));
                }
            }
        }
        ops.sort((x, y) -> x.at().compareTo(y.at()));
        List<Fault> faults = new ArrayList<>();
        int count = weighted(r, new int[] {15, 30, 25, 15, 10, 5});
        for (int i = 0; i < count; i++) {
            faults.add(fault(i, r, links));
        }
        return new Scenario(seed, t, links, ops, faults);
    }

    /** The link kinds the lab's simulators offer (its inventory's Junos, IOS-XR and mixed links). */
    static final Set<Topology> LAB = Set.of(Topology.JUNOS_JUNOS, Topology.XR_GNMI_PAIR, Topology.XR_CLI_PAIR, Topology.JUNOS_XR);

    /** Every tenth seed goes through the real protocol simulators; the rest through the in-memory models. */
    static boolean throughLab(long seed) {
        return Math.floorMod(seed, 10) == 9;
    }

    /**
     * A scenario for the lab: one of its links, routers that commit confirmed, and the faults the
     * simulators can show on simulated time (no restarts, no wall-clock KME timeouts, clock jumps on
     * Junos routers only).
     */
    static Scenario drawLab(long seed) {
        Scenario sc = draw(seed, LAB);
        List<LinkPlan> links = sc.links().stream().map(l -> new LinkPlan(l.id(), confirmed(l.a()), l.portA(), confirmed(l.b()), l.portB(),
                l.keyringSlots(), l.interval())).toList();
        List<Fault> faults = sc.faults().stream().filter(f -> f.kind() != FaultKind.DEVICE_RESTART && f.kind() != FaultKind.KME_READ_TIMEOUT
                && !(f.kind() == FaultKind.CLOCK_JUMP && !f.target().startsWith("r"))).toList();
        return new Scenario(seed, sc.topology(), links, sc.ops(), faults);
    }

    /** Lab routers commit confirmed, at the lab's own commit latency (3 s Junos, 1.5 s IOS-XR). */
    private static DevicePlan confirmed(DevicePlan d) {
        Duration latency = d.flavor() == Flavor.JUNOS ? Duration.ofSeconds(3) : Duration.ofMillis(1500);
        return new DevicePlan(d.name(), d.flavor(), latency, true);
    }

    /** The scenario of {@code seed}, in the environment its seed goes to. */
    static Scenario of(long seed, Set<Topology> topologies) {
        return throughLab(seed) ? drawLab(seed) : draw(seed, topologies);
    }

    /** The same scenario with only the faults whose index {@code keep} holds. */
    Scenario keeping(Set<Integer> keep) {
        return new Scenario(seed, topology, links, ops, faults.stream().filter(f -> keep.contains(f.index())).toList());
    }

    private static List<LinkPlan> links(Topology t, Random r) {
        int slots = r.nextInt(4) == 0 ? 2 : 1;
        List<LinkPlan> drawn = switch (t) {
            case JUNOS_JUNOS -> List.of(link("l1", dev("r1", Flavor.JUNOS, r), "ge-0/0/1", dev("r2", Flavor.JUNOS, r), "ge-0/0/1", slots));
            case XR_GNMI_PAIR -> List.of(link("l1", dev("x1", Flavor.XR_GNMI, r), "Hu0/0/0/1", dev("x2", Flavor.XR_GNMI, r), "Hu0/0/0/1", slots));
            case XR_CLI_PAIR -> List.of(link("l1", dev("x1", Flavor.XR_CLI, r), "Hu0/0/0/1", dev("x2", Flavor.XR_CLI, r), "Hu0/0/0/1", slots));
            case JUNOS_XR -> List.of(link("l1", dev("r1", Flavor.JUNOS, r), "ge-0/0/1", dev("x1", Flavor.XR_GNMI, r), "Hu0/0/0/1", slots));
            case LINUX_PAIR -> List.of(link("l1", dev("h1", Flavor.LINUX, r), "macsec0", dev("h2", Flavor.LINUX, r), "macsec0", 0));
            case SHARED_JUNOS -> {
                DevicePlan hub = dev("r1", Flavor.JUNOS, r);
                yield List.of(link("l1", hub, "ge-0/0/1", dev("r2", Flavor.JUNOS, r), "ge-0/0/1", slots),
                        link("l2", hub, "ge-0/0/2", dev("r3", Flavor.JUNOS, r), "ge-0/0/1", slots));
            }
            case SHARED_XR -> {
                DevicePlan hub = dev("x1", Flavor.XR_GNMI, r);
                yield List.of(link("l1", hub, "Hu0/0/0/1", dev("x2", Flavor.XR_GNMI, r), "Hu0/0/0/1", slots),
                        link("l2", hub, "Hu0/0/0/2", dev("r2", Flavor.JUNOS, r), "ge-0/0/1", slots));
            }
            case TWIN_JUNOS -> {
                DevicePlan a = dev("r1", Flavor.JUNOS, r);
                DevicePlan b = dev("r2", Flavor.JUNOS, r);
                yield List.of(link("l1", a, "ge-0/0/1", b, "ge-0/0/1", slots), link("l2", a, "ge-0/0/2", b, "ge-0/0/2", slots));
            }
            case TWIN_XR -> {
                DevicePlan a = dev("x1", r.nextBoolean() ? Flavor.XR_GNMI : Flavor.XR_CLI, r);
                DevicePlan b = dev("x2", a.flavor(), r);
                yield List.of(link("l1", a, "Hu0/0/0/1", b, "Hu0/0/0/1", slots), link("l2", a, "Hu0/0/0/2", b, "Hu0/0/0/2", slots));
            }
        };
        Duration interval = slots > 1 && r.nextBoolean() ? SHORT_INTERVAL : Duration.ofHours(1);
        return drawn.stream().map(l -> l.withInterval(interval)).toList();
    }

    private static LinkPlan link(String id, DevicePlan a, String pa, DevicePlan b, String pb, int slots) {
        return new LinkPlan(id, a, pa, b, pb, a.flavor().scheduled() ? slots : 0, Duration.ofHours(1));
    }

    /** A device with a drawn commit latency: mostly none, often a few seconds, sometimes slower than the lead. */
    private static DevicePlan dev(String name, Flavor f, Random r) {
        int draw = r.nextInt(100);
        Duration latency = f == Flavor.LINUX || draw < 50 ? Duration.ZERO
                : draw < 90 ? Duration.ofMillis(500 + r.nextInt(3500)) : Duration.ofSeconds(15 + r.nextInt(10));
        boolean confirmed = f.scheduled() && !(f != Flavor.JUNOS && r.nextInt(40) == 0);
        return new DevicePlan(name, f, latency, confirmed);
    }

    private static Fault fault(int i, Random r, List<LinkPlan> links) {
        LinkPlan l = links.get(r.nextInt(links.size()));
        DevicePlan d = r.nextBoolean() ? l.a() : l.b();
        FaultKind k = FaultKind.values()[r.nextInt(FaultKind.values().length)];
        Duration at = Duration.ofSeconds(r.nextInt((int) HORIZON.toSeconds()));
        Duration zero = Duration.ZERO;
        return switch (k.where) {
            case DEVICE_CALL -> {
                List<DeviceOp> ops = new ArrayList<>(List.of(DeviceOp.FACTS, DeviceOp.READ_KEYS, DeviceOp.READ_MKA, DeviceOp.STAGE,
                        DeviceOp.COMMIT, DeviceOp.COMMIT, DeviceOp.CONFIRM, DeviceOp.CONFIRM));
                if (d.flavor() == Flavor.LINUX) {
                    ops.add(DeviceOp.ACTIVATE);
                }
                DeviceOp op = ops.get(r.nextInt(ops.size()));
                Duration slow = k == FaultKind.DEVICE_SLOW ? Duration.ofSeconds(20 + r.nextInt(60)) : zero;
                yield new Fault(i, k, d.name(), op, 1 + r.nextInt(6), zero, slow, zero, false, "");
            }
            case TIMED -> switch (k) {
                case DEVICE_RESTART -> new Fault(i, k, d.name(), null, 0, at, Duration.ofSeconds(5 + r.nextInt(115)), zero, r.nextBoolean(), "");
                case CLOCK_JUMP -> new Fault(i, k, d.name(), null, 0, at, Duration.ofSeconds(10 + r.nextInt(290)),
                        Duration.ofSeconds(r.nextBoolean() ? 30 : -30), false, "");
                default -> new Fault(i, k, "", null, 0, at, Duration.ofSeconds(5 + r.nextInt(55)), zero, false, "");
            };
            case KME -> new Fault(i, k, "", null, 1 + r.nextInt(4), zero, zero, zero, false, "");
            case JOURNAL -> new Fault(i, k, "", null, 1 + r.nextInt(150), zero, Duration.ofSeconds(1 + r.nextInt(3)), zero, false, "");
            case CONTROLLER -> switch (k) {
                case CONTROLLER_KILL -> {
                    String[] steps = {"PLANNED", "PREFLIGHT", "FETCHED", "STAGED", "COMMIT", "CONFIRMED", "PREPARED", "ACTIVE", "ACTIVATED",
                        "RECOVERY", "COMPENSATED", "RETIRED", "FAILED"};
                    yield new Fault(i, k, "", null, 1 + r.nextInt(2), zero, Duration.ofSeconds(r.nextInt(60)), zero, r.nextBoolean(),
                            steps[r.nextInt(steps.length)]);
                }
                case CONTROLLER_EXIT_AFTER_COMMIT -> new Fault(i, k, "", null, 1 + r.nextInt(2), zero, Duration.ofSeconds(r.nextInt(120)),
                        zero, false, "PREPARED");
                default -> new Fault(i, k, l.id(), null, 0, zero, zero, zero, false, "");
            };
        };
    }

    private static int weighted(Random r, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int x = r.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    String describe() {
        StringBuilder sb = new StringBuilder(topology.name().toLowerCase());
        for (LinkPlan l : links) {
            sb.append("; ").append(l.id()).append(": ").append(l.a().name()).append('(').append(l.a().flavor())
                    .append(latency(l.a())).append(l.a().commitConfirmed() || !l.a().flavor().scheduled() ? "" : ", no commit confirmed")
                    .append(") - ").append(l.b().name()).append('(').append(l.b().flavor()).append(latency(l.b()))
                    .append(l.b().commitConfirmed() || !l.b().flavor().scheduled() ? "" : ", no commit confirmed").append(')')
                    .append(l.keyringSlots() > 1 ? " keyring " + l.keyringSlots() + " every " + l.interval().toSeconds() + " s" : "");
        }
        sb.append("; ").append(ops.size()).append(" op(s)");
        return sb.toString();
    }

    private static String latency(DevicePlan d) {
        return d.commitLatency().isZero() ? "" : ", commit " + d.commitLatency().toMillis() + " ms";
    }
}
