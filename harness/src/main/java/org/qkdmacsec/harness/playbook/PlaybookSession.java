package org.qkdmacsec.harness.playbook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.LabSettings;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.inventory.Vendor;
import org.qkdmacsec.controller.journal.JournalDatabase;
import org.qkdmacsec.controller.runtime.ControllerRuntime;
import org.qkdmacsec.harness.engine.SimulatedScheduler;
import org.qkdmacsec.harness.lab.EmbeddedLab;
import org.qkdmacsec.lab.time.ManualClock;

/**
 * Where a playbook runs: one {@link ControllerRuntime} (the same wiring as every command) and its
 * time. {@link #lab} starts the inventory's simulators in this process on simulated time, as
 * {@code demo} does; {@link #real} drives the devices the inventory names on real time.
 */
public final class PlaybookSession implements AutoCloseable {
    private final ControllerRuntime runtime;
    private final Timeline timeline;
    private final Optional<EmbeddedLab> lab;
    private final Map<String, String> leftOut;
    private final List<String> notes;
    private final Optional<Path> workDir;

    private PlaybookSession(ControllerRuntime runtime, Timeline timeline, Optional<EmbeddedLab> lab, Map<String, String> leftOut,
                            List<String> notes, Optional<Path> workDir) {
        this.runtime = runtime;
        this.timeline = timeline;
        this.lab = lab;
        this.leftOut = Map.copyOf(leftOut);
        this.notes = List.copyOf(notes);
        this.workDir = workDir;
    }

    /**
     * The embedded lab on simulated time (starting at {@code wall}'s now), in a private temporary
     * directory, on free loopback ports. Links that cannot run on simulated time are left out and
     * named in {@link #leftOut()}: the real-kernel Linux link (its VM keeps real time; {@code demo}
     * and {@code -Pkernel-lab} cover it) and links with an end the lab does not simulate.
     *
     * @throws org.qkdmacsec.harness.lab.LabException when the inventory has no lab: section or the lab cannot start
     */
    public static PlaybookSession lab(Inventory source, Clock wall) throws IOException {
        Map<String, String> leftOut = new LinkedHashMap<>();
        Inventory simulated = forSimulatedTime(source, leftOut);
        Path work = Files.createTempDirectory("qkd-macsec-playbook");
        ManualClock clock = new ManualClock(wall.instant().truncatedTo(ChronoUnit.SECONDS));
        EmbeddedLab lab = null;
        try {
            lab = EmbeddedLab.start(simulated, clock, EmbeddedLab.Ports.EPHEMERAL, Optional.of(work.resolve("lab")));
            SimulatedScheduler scheduler = new SimulatedScheduler(clock);
            ControllerRuntime rt = ControllerRuntime.builder(lab.inventory(), JournalDatabase.embedded(work.resolve("journal")))
                    .scheduler(scheduler).owner("playbook").build();
            return new PlaybookSession(rt, new SimulatedTimeline(scheduler), Optional.of(lab), leftOut, lab.notes(), Optional.of(work));
        } catch (RuntimeException e) {
            if (lab != null) {
                lab.close();
            }
            deleteTree(work);
            throw e;
        }
    }

    /** Real devices (and KMEs) as the inventory names them, on real time. */
    public static PlaybookSession real(ControllerRuntime rt, Clock clock) {
        return new PlaybookSession(rt, new RealTimeline(clock), Optional.empty(), Map.of(), List.of(), Optional.empty());
    }

    /** The inventory with only what runs on simulated time: simulated routers, and links between them. */
    static Inventory forSimulatedTime(Inventory source, Map<String, String> leftOut) {
        LabSettings lab = source.lab().orElseThrow(() -> new org.qkdmacsec.harness.lab.LabException(source.source()
                + " has no lab: section; --lab runs the simulators it names (see docs/playbooks.md)"));
        Map<String, LabSettings.LabDevice> devices = new TreeMap<>(lab.devices());
        Set<String> kernel = devices.keySet().stream()
                .filter(d -> source.device(d).map(x -> x.vendor() == Vendor.LINUX).orElse(false)).collect(Collectors.toSet());
        devices.keySet().removeAll(kernel);
        List<Link> links = source.links().stream().filter(l -> {
            for (String d : List.of(l.a().device(), l.b().device())) {
                if (kernel.contains(d)) {
                    leftOut.put(l.id(), "real-kernel Linux link: its VM keeps real time, so it runs in demo and -Pkernel-lab, not on"
                            + " simulated time");
                    return false;
                }
                if (!devices.containsKey(d)) {
                    leftOut.put(l.id(), "device " + d + " is not simulated by the lab: section (run without --lab against real devices)");
                    return false;
                }
            }
            return true;
        }).toList();
        return new Inventory(source.source(), source.devices(), source.kmes(), links,
                Optional.of(new LabSettings(lab.stateDir(), lab.kmes(), devices)));
    }

    public ControllerRuntime runtime() {
        return runtime;
    }

    /** The inventory the playbook runs against (for a lab run: relocated to where the simulators are). */
    public Inventory inventory() {
        return runtime.inventory();
    }

    public Timeline timeline() {
        return timeline;
    }

    /** The simulators, for a lab run. */
    public Optional<EmbeddedLab> lab() {
        return lab;
    }

    /** Links of the inventory this run cannot drive, and why. */
    public Map<String, String> leftOut() {
        return leftOut;
    }

    /** What an operator should know about this run's lab. */
    public List<String> notes() {
        return notes;
    }

    @Override
    public void close() {
        runtime.close();
        lab.ifPresent(EmbeddedLab::close);
        workDir.ifPresent(PlaybookSession::deleteTree);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
