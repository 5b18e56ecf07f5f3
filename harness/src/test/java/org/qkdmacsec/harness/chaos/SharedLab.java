package org.qkdmacsec.harness.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.qkdmacsec.controller.inventory.Device;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.InventoryLoader;
import org.qkdmacsec.controller.inventory.LabSettings;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.inventory.LinkSide;
import org.qkdmacsec.harness.lab.EmbeddedLab;
import org.qkdmacsec.lab.time.ManualClock;

/**
 * One lab (the lab inventory's Junos and IOS-XR routers and its two KMEs, real protocols on loopback)
 * shared by many runs: starting a lab costs seconds, a run milliseconds. Each run gets a link of its own
 * (its own interfaces, connectivity association and key chain on the shared routers), so what earlier
 * runs left behind is never in its way; when the links run out, a fresh lab starts.
 */
final class SharedLab implements AutoCloseable {
    static final Path LAB_INVENTORY = Path.of("../inventory/lab.yaml");
    private static final int SLOTS = 40;
    private static SharedLab current;

    private final EmbeddedLab lab;
    private final ManualClock clock;
    private final Path dir;
    /** Links handed out per kind of link (its prefix: both IOS-XR pairs, gNMI and CLI, use the {@code xx} links). */
    private final Map<String, Integer> used = new TreeMap<>();

    /** A run's link on the shared lab. */
    record Slot(EmbeddedLab lab, Link link, ManualClock clock) { }

    private SharedLab() throws IOException {
        dir = Files.createTempDirectory("chaos-lab-");
        // The lab's certificates follow the clock they start on and TLS checks them against real time.
        clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.MINUTES));
        lab = EmbeddedLab.start(inventory(), clock, EmbeddedLab.Ports.EPHEMERAL, Optional.of(dir));
    }

    /** A fresh link of kind {@code t}, starting a new lab when this one has none left. */
    static synchronized Slot next(Scenario.Topology t) {
        try {
            if (current == null || current.used.getOrDefault(prefix(t), 0) >= SLOTS) {
                if (current != null) {
                    current.close();
                }
                current = new SharedLab();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Counted by prefix: counted by topology, an XR CLI run got the link an XR gNMI run had used, with
        // that run's keys still on it (the search reported them as keys the journal does not know).
        int n = current.used.merge(prefix(t), 1, Integer::sum);
        String id = prefix(t) + "-" + n;
        Link link = current.lab.inventory().link(id).orElseThrow();
        current.lab.kmes().kmes().forEach(k -> k.faults().clear());
        current.clock.advance(Duration.ofMinutes(1));
        return new Slot(current.lab, link, current.clock);
    }

    private static String prefix(Scenario.Topology t) {
        return switch (t) {
            case JUNOS_JUNOS -> "jj";
            case XR_GNMI_PAIR, XR_CLI_PAIR -> "xx";
            case JUNOS_XR -> "jx";
            default -> throw new IllegalArgumentException(t + " has no lab link");
        };
    }

    /** The lab inventory's routers and KMEs, with {@value #SLOTS} links of each kind on them. */
    private static Inventory inventory() {
        Inventory base = InventoryLoader.load(LAB_INVENTORY);
        Map<String, Link> kinds = new TreeMap<>();
        base.links().forEach(l -> kinds.put(l.id(), l));
        List<Link> links = new ArrayList<>();
        for (int i = 1; i <= SLOTS; i++) {
            links.add(slot(kinds.get("r1-r2"), "jj-" + i, "ge-0/0/" + i, "ge-0/0/" + i));
            links.add(slot(kinds.get("x1-x2"), "xx-" + i, "HundredGigE0/0/0/" + i, "HundredGigE0/0/0/" + i));
            links.add(slot(kinds.get("r1-x1"), "jx-" + i, "ge-0/0/" + (SLOTS + i), "HundredGigE0/0/0/" + (SLOTS + i)));
        }
        List<String> routers = List.of("r1", "r2", "x1", "x2");
        List<Device> devices = base.devices().stream().filter(d -> routers.contains(d.name())).toList();
        LabSettings s = base.lab().orElseThrow();
        Map<String, LabSettings.LabDevice> labDevices = new TreeMap<>(s.devices());
        labDevices.keySet().retainAll(routers);
        return new Inventory(base.source(), devices, base.kmes(), links, Optional.of(new LabSettings(s.stateDir(), s.kmes(), labDevices)));
    }

    private static Link slot(Link src, String id, String ifaceA, String ifaceB) {
        LinkSide a = new LinkSide(src.a().device(), ifaceA, src.a().saeId(), src.a().kme());
        LinkSide b = new LinkSide(src.b().device(), ifaceB, src.b().saeId(), src.b().kme());
        return new Link(id, a, b, src.encSide(), src.cipher(), src.keySizeBits(), Link.defaultConnectivityAssociation(id),
                Link.defaultKeyChain(id), src.schedule(), src.keyringSlots(), src.lead(), ChaosRun.OVERLAP, src.tags(),
                src.keyDerivation(), Optional.of(Link.DEFAULT_DESCRIPTION));
    }

    @Override
    public void close() {
        lab.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
