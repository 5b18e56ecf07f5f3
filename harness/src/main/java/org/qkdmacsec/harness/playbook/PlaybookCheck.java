package org.qkdmacsec.harness.playbook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.qkdmacsec.config.ConfigException;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.config.ConfigError;
import org.qkdmacsec.controller.inventory.Link;

/**
 * A playbook against the inventory it will run on, before anything runs: every selector names a
 * link, every fault can be injected (only into the embedded lab, only into what it simulates).
 * Problems are reported where the playbook says the offending thing.
 */
public final class PlaybookCheck {
    private PlaybookCheck() {
    }

    /** For a run on the embedded lab ({@code --lab}), without starting it. */
    public static void forLab(Playbook playbook, Inventory source) {
        Map<String, String> leftOut = new LinkedHashMap<>();
        Inventory simulated = PlaybookSession.forSimulatedTime(source, leftOut);
        check(playbook, simulated, leftOut, true);
    }

    /** For a run against the devices the inventory names. */
    public static void forDevices(Playbook playbook, Inventory inventory) {
        check(playbook, inventory, Map.of(), false);
    }

    static void check(Playbook playbook, Inventory inventory, Map<String, String> leftOut, boolean lab) {
        List<ConfigError> problems = new ArrayList<>();
        check(playbook.steps(), playbook.targets(), new Targets(inventory, leftOut), inventory, lab, problems);
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
            throw new ConfigException(problems);
        }
    }

    private static void check(List<Step> steps, List<Selector> inherited, Targets targets, Inventory inventory, boolean lab,
                              List<ConfigError> problems) {
        for (Step s : steps) {
            List<Selector> selectors = s.targets().orElse(inherited);
            if (s.action() instanceof Action.Repeat r) {
                check(r.steps(), selectors, targets, inventory, lab, problems);
                continue;
            }
            List<Link> links = needsLinks(s.action()) ? targets.resolve(selectors, problems) : List.of();
            if (!(s.action() instanceof Action.Fault f)) {
                continue;
            }
            Position at = new Position(s.position().file(), s.position().line(), s.position().column(), s.position().field() + ".fault");
            if (!lab) {
                problems.add(at.error("fault injection needs the embedded lab", "run with --lab against an inventory with a lab:"
                        + " section; a playbook cannot inject faults into real devices"));
            } else if (f.spec().kind() != FaultKind.CLEAR) {
                for (String target : faultTargets(f.spec(), links)) {
                    LabFaults.problem(inventory, f.spec(), target).ifPresent(p -> problems.add(at.error(p, "")));
                }
            }
        }
    }

    /** Whether a step works on links (its targets must resolve). */
    static boolean needsLinks(Action a) {
        if (a instanceof Action.Wait w) {
            return w.until().isPresent();
        }
        if (a instanceof Action.Fault f) {
            return f.spec().side().isPresent();
        }
        return true;
    }

    /** The KMEs or devices a fault hits: its named one, or the chosen side of each link, each once. */
    static List<String> faultTargets(FaultSpec spec, List<Link> links) {
        if (spec.named().isPresent()) {
            return List.of(spec.named().get());
        }
        Set<String> out = new LinkedHashSet<>();
        links.forEach(l -> out.add(spec.targetFor(l)));
        return List.copyOf(out);
    }
}
