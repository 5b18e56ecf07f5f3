package org.qkdmacsec.controller.inventory;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.qkdmacsec.config.Fields;
import org.qkdmacsec.config.Problems;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads the {@code devices:} entries: how to reach and log in to each device, its pin, zone and driver options. */
final class DeviceReader {
    static final List<String> FIELDS = List.of("name", "vendor", "host", "port", "username", "password",
            "private-key", "host-key", "known-hosts", "time-zone", "require-ntp", "options");
    static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}=?");

    private final Problems problems;
    private final Defined defined;
    private final Map<String, Mark> marks = new LinkedHashMap<>();

    DeviceReader(Problems problems, Defined defined) {
        this.problems = problems;
        this.defined = defined;
    }

    void read(Fields f) {
        int before = problems.count();
        Optional<String> name = f.required("name", "every device needs a name")
                .filter(n -> Defined.valid(f, "name", n, Defined.NAME, "device name", Defined.NAME_RULE));
        Optional<Vendor> vendor = f.required("vendor", "junos, iosxr or linux").flatMap(v -> {
            Optional<Vendor> parsed = Vendor.fromId(v);
            if (parsed.isEmpty()) {
                f.error("vendor", "unknown vendor '" + v + "'", "use junos, iosxr or linux");
            }
            return parsed;
        });
        Optional<String> host = f.required("host", "the management address")
                .filter(h -> Defined.valid(f, "host", h, Pattern.compile("\\S+"), "host", "no spaces"));
        Optional<Integer> port = f.integer("port", 1, 65535);
        Optional<String> username = f.required("username", "the login name");
        Optional<SecretRef> password = SecretRefs.read(f, "password");
        Optional<Path> privateKey = f.filePath("private-key");
        if (f.has("password") && f.has("private-key")) {
            f.error("private-key", "give either password or private-key, not both", "");
        } else if (!f.has("password") && !f.has("private-key")) {
            problems.add(f.mark(), f.field("password"), "missing credentials",
                    "add password: env:NAME or file:PATH, or private-key: PATH");
        }
        Optional<String> fingerprint = f.matching("host-key", FINGERPRINT, "host key fingerprint",
                "write SHA256: followed by 43 base64 characters, as ssh-keygen -lf prints it");
        Optional<Path> knownHosts = f.filePath("known-hosts");
        if (f.has("host-key") && f.has("known-hosts")) {
            f.error("known-hosts", "give either host-key or known-hosts, not both", "");
        } else if (!f.has("host-key") && !f.has("known-hosts")) {
            problems.add(f.mark(), f.field("host-key"), "missing host-key pin",
                    "add host-key: SHA256:... or known-hosts: PATH; unpinned hosts are refused");
        }
        Optional<ZoneId> zone = f.text("time-zone").flatMap(z -> {
            try {
                return Optional.of(ZoneId.of(z));
            } catch (DateTimeException e) {
                f.error("time-zone", "unknown time zone '" + z + "'", "use a region such as Europe/Vienna, or UTC");
                return Optional.empty();
            }
        });
        boolean requireNtp = f.bool("require-ntp").orElse(true);
        Map<String, String> options = options(f);
        if (name.isEmpty()) {
            return;
        }
        if (defined.devices.containsKey(name.get())) {
            f.error("name", "duplicate device name '" + name.get() + "'", "first defined at line "
                    + (marks.get(name.get()).getLine() + 1));
            return;
        }
        marks.put(name.get(), f.mark());
        // An entry with problems keeps its name known (so references to it are not re-reported) but is not built.
        if (problems.count() == before) {
            HostKeyPin pin = fingerprint.<HostKeyPin>map(HostKeyPin.Fingerprint::new)
                    .orElseGet(() -> new HostKeyPin.KnownHosts(knownHosts.get()));
            defined.devices.put(name.get(), new Device(name.get(), vendor.get(), host.get(),
                    port.orElse(vendor.get().defaultPort()), username.get(), password, privateKey, pin, zone, requireNtp, options));
        } else {
            defined.devices.put(name.get(), null);
        }
    }

    /** Driver options: a flat mapping of single values, kept as text. */
    private Map<String, String> options(Fields f) {
        Map<String, String> out = new TreeMap<>();
        f.node("options").ifPresent(n -> {
            if (!(n instanceof MappingNode m)) {
                f.error("options", "expected a mapping of driver options", "e.g. transport: gnmi");
                return;
            }
            for (NodeTuple t : m.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
                if (t.getValueNode() instanceof ScalarNode v && !v.getTag().equals(Tag.NULL)) {
                    if (out.put(key, v.getValue()) != null) {
                        problems.add(t.getKeyNode().getStartMark(), f.field("options") + "." + key, "repeated key", "");
                    }
                } else {
                    problems.add(t.getValueNode().getStartMark(), f.field("options") + "." + key,
                            "expected a single value", "driver options are plain key: value pairs");
                }
            }
        });
        return out;
    }
}
