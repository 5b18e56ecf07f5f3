package org.qkdmacsec.harness.playbook;

import java.util.Optional;
import org.qkdmacsec.controller.inventory.Device;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.config.Durations;
import org.qkdmacsec.controller.inventory.LabSettings;
import org.qkdmacsec.controller.inventory.Vendor;
import org.qkdmacsec.harness.lab.EmbeddedLab;
import org.qkdmacsec.lab.iosxr.Faults;
import org.qkdmacsec.lab.iosxr.IosXrSimulator;
import org.qkdmacsec.lab.junos.JunosFaults;
import org.qkdmacsec.lab.junos.JunosSimulator;
import org.qkdmacsec.lab.kme.Fault;
import org.qkdmacsec.lab.kme.Kme;
import org.qkdmacsec.lab.kme.KmeQuirk;

/**
 * Arms a playbook's faults in the embedded lab through the simulators' own fault APIs: the KMEs
 * answer wrongly on the wire, the routers fail or drop at their next commit, skew their clock, or stop
 * confirming MKA. Nothing here touches the controller: it sees the faults the way it would see them on
 * a real network.
 */
final class LabFaults {
    private final EmbeddedLab lab;

    LabFaults(EmbeddedLab lab) {
        this.lab = lab;
    }

    /** The lab's KME fault for a KME fault spec (its endpoint applied). */
    static Fault kmeFault(FaultSpec spec) {
        Fault f = switch (spec.kind()) {
            case KME_UNAVAILABLE -> Fault.unavailable();
            case KME_UNAUTHORIZED -> Fault.unauthorized();
            case KME_LATENCY -> Fault.latency(spec.amount().orElseThrow());
            case KME_WRONG_KEY -> Fault.wrongKey();
            case KME_CORRUPT_KEY -> Fault.corruptKey();
            case KME_EXHAUSTED -> Fault.exhausted();
            case KME_DROP_CONNECTION -> Fault.dropConnection();
            case KME_QUIRK -> throw new IllegalArgumentException("a quirk is a behaviour, not a fault of one request");
            default -> throw new IllegalArgumentException(spec.kind().id() + " is not a KME fault");
        };
        return spec.endpoint().map(e -> f.on(e)).orElse(f);
    }

    /**
     * Why {@code spec} cannot be armed on {@code target} (a KME id or device name) in the lab that
     * {@code inventory}'s lab: section describes, if it cannot.
     */
    static Optional<String> problem(Inventory inventory, FaultSpec spec, String target) {
        LabSettings lab = inventory.lab().orElseThrow();
        if (spec.kind().target() == FaultKind.Target.KME) {
            if (!lab.kmes().contains(target)) {
                return Optional.of("KME " + target + " is not simulated by the lab (lab.kmes: " + String.join(", ", lab.kmes()) + ")");
            }
            boolean https = inventory.kme(target).map(k -> !k.insecure()).orElse(false);
            return spec.quirk().filter(q -> q == KmeQuirk.NO_SUBJECT_ALT_NAME && !https)
                    .map(q -> "KME " + target + " is plain HTTP in the lab: it has no certificate to show without subjectAltName");
        }
        Optional<Vendor> vendor = inventory.device(target).map(Device::vendor);
        if (!lab.devices().containsKey(target) || vendor.isEmpty()) {
            return Optional.of("device " + target + " is not simulated by the lab (lab.devices: "
                    + String.join(", ", new java.util.TreeSet<>(lab.devices().keySet())) + ")");
        }
        return switch (vendor.get()) {
            case JUNOS -> Optional.empty();
            case IOSXR -> spec.kind() == FaultKind.CLOCK_SKEW || spec.kind() == FaultKind.MKA_NEVER_CONFIRMS
                    ? Optional.of("the lab's IOS-XR router " + target + " has no " + spec.kind().id() + " fault (its clock skew is"
                            + " fixed at start by lab.devices." + target + ".clock-skew); aim it at a Junos router")
                    : Optional.empty();
            case LINUX -> Optional.of("device " + target + " is a real-kernel Linux end; playbooks inject faults into simulated routers only");
        };
    }

    /** Arms {@code spec} on {@code target}; returns what was armed, in words. */
    String apply(FaultSpec spec, String target) {
        if (spec.kind() == FaultKind.KME_QUIRK) {
            KmeQuirk q = spec.quirk().orElseThrow();
            lab.kmes().kme(target).quirks().add(q);
            return "KME " + target + ": " + q.id() + ", as " + q.source() + " behaves, until fault: clear";
        }
        if (spec.kind().target() == FaultKind.Target.KME) {
            Fault f = kmeFault(spec);
            Kme kme = lab.kmes().kme(target);
            if (spec.sticky()) {
                kme.faults().sticky(f);
            } else {
                kme.faults().once(f);
            }
            return "KME " + target + ": " + spec.kind().description() + (spec.amount().map(d -> " (" + Durations.format(d) + ")").orElse(""))
                    + " on " + spec.endpoint().map(e -> e.pathSegment()).orElse("every call it applies to")
                    + (spec.sticky() ? ", until fault: clear" : ", next request only");
        }
        Optional<JunosSimulator> junos = lab.junos(target);
        if (junos.isPresent()) {
            return junos(junos.get(), spec, target);
        }
        return iosxr(lab.iosxr(target).orElseThrow(), spec, target);
    }

    private String junos(JunosSimulator r, FaultSpec spec, String name) {
        switch (spec.kind()) {
            case COMMIT_FAILURE -> r.faults().failNextCommit(spec.message());
            case SESSION_DROP -> r.faults().dropSessionOn("commit-configuration",
                    spec.beforeApply() ? JunosFaults.DropPoint.BEFORE_APPLY : JunosFaults.DropPoint.AFTER_APPLY);
            case CLOCK_SKEW -> r.setClockSkew(spec.amount().orElseThrow());
            case MKA_NEVER_CONFIRMS -> r.faults().mkaNeverConfirms(true);
            default -> throw new IllegalArgumentException(spec.kind().id() + " is not a device fault");
        }
        return deviceWords(spec, name, "NETCONF session", "commit-configuration");
    }

    private String iosxr(IosXrSimulator x, FaultSpec spec, String name) {
        boolean cli = lab.inventory().device(name).map(Device::options).map(o -> "cli".equals(o.get("transport"))).orElse(false);
        Faults.When when = spec.beforeApply() ? Faults.When.BEFORE : Faults.When.AFTER;
        switch (spec.kind()) {
            case COMMIT_FAILURE -> x.faults().failNextCommit(spec.message());
            case SESSION_DROP -> {
                // The driver changes configuration over gNMI unless the inventory says transport: cli.
                if (cli) {
                    x.faults().dropSessionOnCommand("commit", when);
                } else {
                    x.faults().dropNextSet(when);
                }
            }
            default -> throw new IllegalArgumentException(spec.kind().id() + " is not an IOS-XR lab fault");
        }
        return deviceWords(spec, name, cli ? "SSH CLI session" : "gNMI connection", cli ? "commit" : "Set");
    }

    private static String deviceWords(FaultSpec spec, String name, String session, String commit) {
        return switch (spec.kind()) {
            case COMMIT_FAILURE -> name + ": the next commit fails (\"" + spec.message() + "\")";
            case SESSION_DROP -> name + ": the " + session + " drops at the next " + commit + ", " + (spec.beforeApply()
                    ? "before it takes effect" : "after it took effect");
            case CLOCK_SKEW -> name + ": clock " + Durations.format(spec.amount().orElseThrow().abs())
                    + (spec.amount().orElseThrow().isNegative() ? " behind" : " ahead") + " until fault: clear";
            default -> name + ": MKA never reports a new key secured until fault: clear";
        };
    }

    /** Every fault off; router clocks back to the inventory's lab skew. */
    String clear() {
        lab.kmeNetwork().ifPresent(n -> n.kmes().forEach(k -> {
            k.faults().clear();
            k.quirks().reset();
        }));
        LabSettings settings = lab.inventory().lab().orElseThrow();
        settings.devices().forEach((name, d) -> {
            lab.junos(name).ifPresent(r -> {
                r.faults().clear();
                r.setClockSkew(d.clockSkew());
            });
            lab.iosxr(name).ifPresent(x -> x.faults().reset());
        });
        return "every KME and router fault cleared; router clocks back to their lab clock-skew";
    }
}
