package org.qkdmacsec.controller.inventory;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.qkdmacsec.config.Fields;
import org.qkdmacsec.config.Problems;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads the optional {@code lab:} section: what {@code lab up} and {@code demo} simulate, and how. */
final class LabReader {
    static final List<String> FIELDS = List.of("state-dir", "kmes", "devices");
    static final List<String> DEVICE = List.of("clock-skew", "commit-latency", "time-zone");

    private final Problems problems;
    private final Defined defined;

    LabReader(Problems problems, Defined defined) {
        this.problems = problems;
        this.defined = defined;
    }

    Optional<LabSettings> read(Fields f) {
        Path stateDir = f.filePath("state-dir").orElse(LabSettings.DEFAULT_STATE_DIR);
        List<String> labKmes = new ArrayList<>();
        f.sequence("kmes").ifPresent(nodes -> {
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                String field = f.field("kmes") + "[" + i + "]";
                if (!(n instanceof ScalarNode sn)) {
                    problems.add(n.getStartMark(), field, "expected a KME id", "");
                } else if (!defined.kmes.containsKey(sn.getValue())) {
                    problems.add(n.getStartMark(), field, "unknown KME '" + sn.getValue() + "'", Defined.knownList("KMEs", defined.kmes));
                } else if (labKmes.contains(sn.getValue())) {
                    problems.add(n.getStartMark(), field, "KME '" + sn.getValue() + "' is listed twice", "");
                } else {
                    labKmes.add(sn.getValue());
                }
            }
        });
        Map<String, LabSettings.LabDevice> labDevices = new TreeMap<>();
        f.node("devices").ifPresent(n -> {
            if (!(n instanceof MappingNode)) {
                f.error("devices", "expected a mapping of device name to settings", "e.g. r1: {clock-skew: 0s}");
                return;
            }
            for (NodeTuple t : ((MappingNode) n).getValue()) {
                String name = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
                String field = f.field("devices") + "." + name;
                if (!defined.devices.containsKey(name)) {
                    problems.add(t.getKeyNode().getStartMark(), field, "unknown device '" + name + "'", Defined.knownList("devices", defined.devices));
                    continue;
                }
                Node v = t.getValueNode();
                LabSettings.LabDevice settings = new LabSettings.LabDevice(Duration.ZERO);
                if (!(v instanceof ScalarNode sv && sv.getTag().equals(Tag.NULL))) {
                    Optional<Fields> df = Fields.of(v, field, problems, DEVICE);
                    if (df.isEmpty()) {
                        continue;
                    }
                    settings = labDevice(df.get(), defined.devices.get(name).vendor());
                }
                if (labDevices.put(name, settings) != null) {
                    problems.add(t.getKeyNode().getStartMark(), field, "repeated key", "");
                }
            }
        });
        return Optional.of(new LabSettings(stateDir, labKmes, labDevices));
    }

    /** One router's lab settings; commit latency and time zone are for the simulated routers, not the Linux VM. */
    private static LabSettings.LabDevice labDevice(Fields f, Vendor vendor) {
        Duration skew = f.signedDuration("clock-skew").orElse(Duration.ZERO);
        Optional<Duration> latency = f.duration("commit-latency");
        Optional<ZoneId> zone = f.text("time-zone").flatMap(z -> {
            try {
                return Optional.of(ZoneId.of(z));
            } catch (DateTimeException e) {
                f.error("time-zone", "unknown time zone '" + z + "'", "use a region such as Europe/Berlin, or UTC");
                return Optional.empty();
            }
        });
        if (vendor == Vendor.LINUX && latency.filter(d -> !d.isZero()).isPresent()) {
            f.error("commit-latency", "the kernel lab's Linux VM applies ip commands at once",
                    "commit-latency is for simulated Junos and IOS-XR routers; leave it out (0s) for Linux");
        }
        if (vendor == Vendor.LINUX && f.has("time-zone")) {
            f.error("time-zone", "the kernel lab's Linux VM keeps the host's clock and zone",
                    "time-zone is for simulated Junos and IOS-XR routers");
        }
        return new LabSettings.LabDevice(skew, latency, zone);
    }
}
