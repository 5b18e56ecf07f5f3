package org.qkdmacsec.controller.inventory;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.qkdmacsec.controller.keys.DerivationMethod;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.PortOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns one composed YAML document into an {@link Inventory}, checking every field and every reference
 * and collecting all problems. Sections are read in dependency order (devices, KMEs, links, lab) so
 * references resolve whatever order the file lists them in.
 */
final class InventoryReader {
    /** Device and KME names: they appear in {@code device:interface} and in file names, so no ':' or '/'. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final String NAME_RULE = "1-64 letters, digits, '.', '_' or '-', starting with a letter or digit";
    /** Link ids become part of CA and key-chain names ({@code QKD_CA_<id>}), which stay ≤ 32 characters. */
    static final Pattern LINK_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,24}");
    static final String LINK_ID_RULE = "1-25 letters, digits, '_' or '-', starting with a letter or digit";
    /** SAE IDs go into the KME URL path. */
    static final Pattern SAE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final String SAE_ID_RULE = "1-64 letters, digits, '.', '_' or '-', starting with a letter or digit";
    /** Names valid as a Junos connectivity-association / key-chain name and an IOS-XR key chain. */
    static final Pattern CHAIN_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}");
    static final String CHAIN_NAME_RULE = "1-32 letters, digits, '_' or '-', starting with a letter";
    static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}=?");
    static final Pattern INTERFACE = Pattern.compile("\\S{1,64}");
    static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    static final List<String> TOP = List.of("devices", "kmes", "links", "lab");
    static final List<String> DEVICE = List.of("name", "vendor", "host", "port", "username", "password",
            "private-key", "host-key", "known-hosts", "time-zone", "require-ntp", "options");
    static final List<String> KME = KmeReader.FIELDS;
    static final List<String> LINK = List.of("id", "a", "b", "enc-side", "cipher", "key-size", "ca",
            "key-chain", "schedule", "keyring-slots", "lead", "overlap", "tags", "key-derivation",
            "description");
    static final List<String> SIDE = List.of("device", "interface", "sae-id", "kme", "options");
    static final List<String> SCHEDULE = List.of("interval", "jitter");
    static final List<String> DERIVATION = List.of("method", "secrets");
    static final List<String> LAB = List.of("state-dir", "kmes", "devices");
    static final List<String> LAB_DEVICE = List.of("clock-skew", "commit-latency", "time-zone");

    private final String source;
    private final Problems problems;
    private final Map<String, Device> devices = new LinkedHashMap<>();
    private final Map<String, Mark> deviceMarks = new LinkedHashMap<>();
    private final Map<String, Kme> kmes = new LinkedHashMap<>();
    private final Map<String, Mark> kmeMarks = new LinkedHashMap<>();
    private final List<Link> links = new ArrayList<>();
    private final Map<String, Mark> linkMarks = new LinkedHashMap<>();
    /** {@code device:interface} → the link already using it. */
    private final Map<String, String> interfaceOwners = new TreeMap<>();

    InventoryReader(String source, Problems problems) {
        this.source = source;
        this.problems = problems;
    }

    Optional<Inventory> read(Node root) {
        Optional<Fields> top = Fields.of(root, "", problems, TOP);
        if (top.isEmpty()) {
            return Optional.empty();
        }
        Fields doc = top.get();
        items(doc, "devices").forEach(this::device);
        items(doc, "kmes").forEach(this::kme);
        items(doc, "links").forEach(this::link);
        Optional<LabSettings> lab = doc.mapping("lab", LAB).flatMap(this::lab);
        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Inventory(source, List.copyOf(devices.values()), List.copyOf(kmes.values()), links, lab));
    }

    /** The entries of a top-level list, each as a mapping with its own path ({@code links[2]}). */
    private List<Item> items(Fields doc, String key) {
        List<Item> out = new ArrayList<>();
        doc.sequence(key).ifPresent(nodes -> {
            for (int i = 0; i < nodes.size(); i++) {
                String path = key + "[" + i + "]";
                List<String> allowed = switch (key) {
                    case "devices" -> DEVICE;
                    case "kmes" -> KME;
                    default -> LINK;
                };
                Fields.of(nodes.get(i), path, problems, allowed).ifPresent(f -> out.add(new Item(f)));
            }
        });
        return out;
    }

    private record Item(Fields fields) { }

    // ---- devices -------------------------------------------------------------------------------

    private void device(Item item) {
        Fields f = item.fields();
        int before = problems.count();
        Optional<String> name = f.required("name", "every device needs a name")
                .filter(n -> valid(f, "name", n, NAME, "device name", NAME_RULE));
        Optional<Vendor> vendor = f.required("vendor", "junos, iosxr or linux").flatMap(v -> {
            Optional<Vendor> parsed = Vendor.fromId(v);
            if (parsed.isEmpty()) {
                f.error("vendor", "unknown vendor '" + v + "'", "use junos, iosxr or linux");
            }
            return parsed;
        });
        Optional<String> host = f.required("host", "the management address")
                .filter(h -> valid(f, "host", h, Pattern.compile("\\S+"), "host", "no spaces"));
        Optional<Integer> port = f.integer("port", 1, 65535);
        Optional<String> username = f.required("username", "the login name");
        Optional<SecretRef> password = f.secretRef("password");
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
        if (devices.containsKey(name.get())) {
            f.error("name", "duplicate device name '" + name.get() + "'", "first defined at line "
                    + (deviceMarks.get(name.get()).getLine() + 1));
            return;
        }
        deviceMarks.put(name.get(), f.mark());
        // An entry with problems keeps its name known (so references to it are not re-reported) but is not built.
        if (problems.count() == before) {
            HostKeyPin pin = fingerprint.<HostKeyPin>map(HostKeyPin.Fingerprint::new)
                    .orElseGet(() -> new HostKeyPin.KnownHosts(knownHosts.get()));
            devices.put(name.get(), new Device(name.get(), vendor.get(), host.get(),
                    port.orElse(vendor.get().defaultPort()), username.get(), password, privateKey, pin, zone, requireNtp, options));
        } else {
            devices.put(name.get(), null);
        }
    }

    /** Driver options: a flat mapping of single values, kept as text. */
    private Map<String, String> options(Fields f) {
        Map<String, String> out = new TreeMap<>();
        f.node("options").ifPresent(n -> {
            if (!(n instanceof org.yaml.snakeyaml.nodes.MappingNode m)) {
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

    // ---- KMEs ----------------------------------------------------------------------------------

    private void kme(Item item) {
        Fields f = item.fields();
        KmeReader.Result r = new KmeReader(problems).read(f);
        if (r.id().isEmpty()) {
            return;
        }
        String id = r.id().get();
        if (kmes.containsKey(id)) {
            f.error("id", "duplicate KME id '" + id + "'", "first defined at line " + (kmeMarks.get(id).getLine() + 1));
            return;
        }
        kmeMarks.put(id, f.mark());
        kmes.put(id, r.kme().orElse(null));
    }

    // ---- links ---------------------------------------------------------------------------------

    private void link(Item item) {
        Fields f = item.fields();
        Optional<String> id = f.required("id", "every link needs an id")
                .filter(v -> valid(f, "id", v, LINK_ID, "link id", LINK_ID_RULE));
        if (id.isPresent() && linkMarks.containsKey(id.get())) {
            f.error("id", "duplicate link id '" + id.get() + "'", "first defined at line "
                    + (linkMarks.get(id.get()).getLine() + 1));
            return;
        }
        id.ifPresent(v -> linkMarks.put(v, f.mark()));
        String label = id.orElse(f.path());
        if (!f.has("a")) {
            problems.add(f.mark(), f.field("a"), "missing", "side a: device, interface, kme");
        }
        if (!f.has("b")) {
            problems.add(f.mark(), f.field("b"), "missing", "side b: device, interface, kme");
        }
        Optional<Fields> af = f.mapping("a", SIDE);
        Optional<Fields> bf = f.mapping("b", SIDE);
        Optional<LinkSide> a = af.flatMap(s -> side(s, label));
        Optional<LinkSide> b = bf.flatMap(s -> side(s, label));
        if (a.isPresent() && b.isPresent()) {
            if (a.get().device().equals(b.get().device())) {
                bf.get().error("device", "both sides are on device '" + b.get().device() + "'",
                        "a link joins two different devices");
            } else if (a.get().saeId().equals(b.get().saeId())) {
                Fields at = bf.get();
                problems.add(at.mark(at.has("sae-id") ? "sae-id" : "kme"), at.field("sae-id"),
                        "both sides are SAE '" + b.get().saeId() + "'", "a QKD key is shared between two different SAEs");
            }
        }
        Optional<Side> enc = f.text("enc-side").flatMap(s -> {
            if (s.equals("a") || s.equals("b")) {
                return Optional.of(s.equals("a") ? Side.A : Side.B);
            }
            f.error("enc-side", "expected a or b, got '" + s + "'", "the side whose KME hands out new keys with enc_keys");
            return Optional.empty();
        });
        Optional<CipherSuite> cipher = f.text("cipher").flatMap(c -> {
            Optional<CipherSuite> cs = CipherSuite.fromWireName(c);
            if (cs.isEmpty()) {
                f.error("cipher", "unknown cipher suite '" + c + "'",
                        "use gcm-aes-128, gcm-aes-256, gcm-aes-xpn-128 or gcm-aes-xpn-256");
            }
            return cs;
        });
        CipherSuite suite = cipher.orElse(Link.DEFAULT_CIPHER);
        boolean cipherKnown = cipher.isPresent() || !f.has("cipher");
        Optional<Integer> keySize = f.integer("key-size", 64, 8192).filter(bits -> {
            if (bits % 8 != 0) {
                f.error("key-size", bits + " is not a whole number of bytes", "use a multiple of 8");
                return false;
            }
            if (bits < suite.cakBytes() * 8 && cipherKnown) {
                f.error("key-size", bits + "-bit QKD keys are too short for " + suite.wireName(),
                        "its CAK needs " + suite.cakBytes() * 8 + " bits: raise key-size or choose a 128-bit cipher");
                return false;
            }
            return true;
        });
        Optional<String> ca = f.matching("ca", CHAIN_NAME, "connectivity association name", CHAIN_NAME_RULE);
        Optional<String> chain = f.matching("key-chain", CHAIN_NAME, "key-chain name", CHAIN_NAME_RULE);
        Optional<Schedule> schedule = f.has("schedule") ? f.mapping("schedule", SCHEDULE).flatMap(this::schedule)
                : Optional.of(new Schedule(Schedule.DEFAULT_INTERVAL, Duration.ZERO));
        Optional<Integer> slots = f.integer("keyring-slots", 2, 16);
        Optional<Duration> lead = f.positiveDuration("lead");
        Optional<Duration> overlap = f.positiveDuration("overlap");
        schedule.ifPresent(s -> {
            shorterThanInterval(f, "lead", lead, Link.DEFAULT_LEAD, s, "a new key must be staged and active before the next rollover");
            shorterThanInterval(f, "overlap", overlap, Link.DEFAULT_OVERLAP, s, "the previous key must retire before the next rollover");
        });
        List<String> tags = tags(f);
        Optional<KeyDerivationSpec> derivation = f.has("key-derivation")
                ? f.mapping("key-derivation", DERIVATION).flatMap(d -> derivation(d, suite, cipherKnown))
                : Optional.of(KeyDerivationSpec.DIRECT);
        Optional<Optional<String>> description = description(f);
        if (id.isEmpty() || a.isEmpty() || b.isEmpty() || schedule.isEmpty() || derivation.isEmpty() || description.isEmpty()) {
            return; // reported above; an inventory with problems is never built
        }
        links.add(new Link(id.get(), a.get(), b.get(), enc.orElse(Side.A), suite,
                keySize.orElse(Link.DEFAULT_KEY_SIZE_BITS),
                ca.orElse(Link.defaultConnectivityAssociation(id.get())), chain.orElse(Link.defaultKeyChain(id.get())),
                schedule.get(), slots.orElse(Link.DEFAULT_KEYRING_SLOTS), lead.orElse(Link.DEFAULT_LEAD),
                overlap.orElse(Link.DEFAULT_OVERLAP), tags, derivation.get(), description.get()));
    }

    /**
     * {@code description: off}, or a template naming the key in service ({@code {key_id}}, {@code {ckn}},
     * {@code {ckn8}}); absent: {@link Link#DEFAULT_DESCRIPTION}. Empty result: a problem was reported.
     */
    private static Optional<Optional<String>> description(Fields f) {
        if (!f.has("description")) {
            return Optional.of(Optional.of(Link.DEFAULT_DESCRIPTION));
        }
        Optional<String> text = f.text("description");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String t = text.get().trim();
        if (t.equals("off")) {
            return Optional.of(Optional.empty());
        }
        if (!t.contains("{key_id}") && !t.contains("{ckn}") && !t.contains("{ckn8}")) {
            f.error("description", "the template names no key", "use {key_id}, {ckn} or {ckn8}, e.g. \"" + Link.DEFAULT_DESCRIPTION
                    + "\", or off");
            return Optional.empty();
        }
        if (t.length() > 120 || !t.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\')) {
            f.error("description", "at most 120 printable ASCII characters without quotes or backslashes",
                    "the device's own description limits leave room for the operator's text");
            return Optional.empty();
        }
        return Optional.of(Optional.of(t));
    }

    private Optional<LinkSide> side(Fields s, String linkLabel) {
        Optional<String> deviceName = s.required("device", "the device this end is on");
        Optional<String> iface = s.required("interface", "e.g. ge-0/0/1")
                .filter(v -> valid(s, "interface", v, INTERFACE, "interface name", "1-64 characters without spaces"));
        Optional<String> kmeId = s.required("kme", "the id of the KME this end gets keys from");
        Optional<String> sae = s.matching("sae-id", SAE_ID, "SAE ID", SAE_ID_RULE);
        boolean deviceKnown = deviceName.map(d -> known(s, "device", d, devices, "device")).orElse(false);
        boolean kmeKnown = kmeId.map(k -> known(s, "kme", k, kmes, "KME")).orElse(false);
        Optional<PortOptions> options = PortOptionsReader.read(s,
                deviceName.filter(d -> deviceKnown).flatMap(d -> Optional.ofNullable(devices.get(d))).map(Device::vendor));
        if (deviceKnown && iface.isPresent()) {
            String address = deviceName.get() + ":" + iface.get();
            String owner = interfaceOwners.putIfAbsent(address, linkLabel);
            if (owner != null) {
                s.error("interface", address + " is already used by link '" + owner + "'",
                        "an interface carries one MACsec link");
            }
        }
        if (!kmeKnown || (s.has("sae-id") && sae.isEmpty())) {
            return Optional.empty();
        }
        Kme kme = kmes.get(kmeId.get());
        if (kme == null) {
            return Optional.empty(); // the KME entry itself is invalid and already reported
        }
        Optional<String> effective = sae.or(kme::saeId);
        if (effective.isEmpty()) {
            problems.add(s.mark(), s.field("sae-id"), "missing",
                    "neither this side nor KME '" + kme.id() + "' names an SAE ID");
            return Optional.empty();
        }
        if (sae.isPresent() && kme.saeId().isPresent() && !sae.equals(kme.saeId()) && kme.clientIdentity().isPresent()) {
            s.error("sae-id", "SAE '" + sae.get() + "' differs from KME '" + kme.id() + "' sae-id '" + kme.saeId().get() + "'",
                    "the KME knows the caller by its client certificate; add a KME entry for SAE '" + sae.get() + "'");
            return Optional.empty();
        }
        if (!deviceKnown || iface.isEmpty() || options.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LinkSide(deviceName.get(), iface.get(), effective.get(), kme.id(), options.get()));
    }

    private Optional<Schedule> schedule(Fields s) {
        Optional<Duration> interval = s.has("interval") ? s.positiveDuration("interval") : Optional.of(Schedule.DEFAULT_INTERVAL);
        Optional<Duration> jitter = s.has("jitter") ? s.duration("jitter") : Optional.of(Duration.ZERO);
        if (interval.isEmpty() || jitter.isEmpty()) {
            return Optional.empty();
        }
        if (jitter.get().compareTo(interval.get()) >= 0) {
            s.error("jitter", Durations.format(jitter.get()) + " is not shorter than the interval "
                    + Durations.format(interval.get()), "jitter shifts each rollover by less than one interval");
            return Optional.empty();
        }
        return Optional.of(new Schedule(interval.get(), jitter.get()));
    }

    private void shorterThanInterval(Fields f, String key, Optional<Duration> given, Duration fallback, Schedule s, String why) {
        if (f.has(key) && given.isEmpty()) {
            return; // already reported as invalid
        }
        Duration d = given.orElse(fallback);
        if (d.compareTo(s.interval()) >= 0) {
            String what = f.has(key) ? Durations.format(d) : "the default " + Durations.format(d);
            problems.add(f.has(key) ? f.mark(key) : f.mark(), f.field(key), what + " is not shorter than the interval "
                    + Durations.format(s.interval()), why);
        }
    }

    private List<String> tags(Fields f) {
        List<String> out = new ArrayList<>();
        f.sequence("tags").ifPresent(nodes -> {
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                String field = f.field("tags") + "[" + i + "]";
                if (n instanceof ScalarNode sn && TAG.matcher(sn.getValue()).matches()) {
                    out.add(sn.getValue());
                } else {
                    problems.add(n.getStartMark(), field, "invalid tag", "1-64 letters, digits, '.', '_' or '-'");
                }
            }
        });
        return out;
    }

    private Optional<KeyDerivationSpec> derivation(Fields d, CipherSuite suite, boolean cipherKnown) {
        Optional<DerivationMethod> method = d.required("method", "direct, xor, hmac, xorhmac, qupskd or hkdf-sha3-256")
                .flatMap(m -> {
                    Optional<DerivationMethod> dm = DerivationMethod.fromId(m);
                    if (dm.isEmpty()) {
                        d.error("method", "unknown key-derivation method '" + m + "'",
                                "use direct, xor, hmac, xorhmac, qupskd or hkdf-sha3-256");
                    }
                    return dm;
                });
        List<SecretRef> secrets = new ArrayList<>();
        boolean secretsOk = true;
        Optional<List<Node>> seq = d.sequence("secrets");
        if (seq.isPresent()) {
            List<Node> nodes = seq.get();
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                Optional<SecretRef> ref = n instanceof ScalarNode sn ? SecretRef.parse(sn.getValue()) : Optional.empty();
                if (ref.isPresent()) {
                    secrets.add(ref.get());
                } else {
                    problems.add(n.getStartMark(), d.field("secrets") + "[" + i + "]", "inline secrets are not allowed",
                            "use env:NAME or file:PATH");
                    secretsOk = false;
                }
            }
        }
        if (method.isEmpty() || !secretsOk) {
            return Optional.empty();
        }
        DerivationMethod m = method.get();
        int n = secrets.size();
        if (n < m.minSecrets() || n > m.maxSecrets()) {
            String want = m.minSecrets() == m.maxSecrets() ? "exactly " + m.minSecrets()
                    : m.maxSecrets() == Integer.MAX_VALUE ? "at least " + m.minSecrets() : "at most " + m.maxSecrets();
            problems.add(d.mark(d.has("secrets") ? "secrets" : "method"), d.field("secrets"),
                    m.id() + " takes " + want + " extra secret(s), got " + n,
                    m == DerivationMethod.QUPSKD ? "the one secret is the configured quPSKd PSK" : "list env:NAME or file:PATH references");
            return Optional.empty();
        }
        if (m.needs256BitCak() && suite.cakBytes() != 32 && cipherKnown) {
            d.error("method", m.id() + " needs a 256-bit cipher, the link uses " + suite.wireName(),
                    "use gcm-aes-256 or gcm-aes-xpn-256");
            return Optional.empty();
        }
        return Optional.of(new KeyDerivationSpec(m, secrets));
    }

    // ---- lab -----------------------------------------------------------------------------------

    private Optional<LabSettings> lab(Fields f) {
        Path stateDir = f.filePath("state-dir").orElse(LabSettings.DEFAULT_STATE_DIR);
        List<String> labKmes = new ArrayList<>();
        f.sequence("kmes").ifPresent(nodes -> {
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                String field = f.field("kmes") + "[" + i + "]";
                if (!(n instanceof ScalarNode sn)) {
                    problems.add(n.getStartMark(), field, "expected a KME id", "");
                } else if (!kmes.containsKey(sn.getValue())) {
                    problems.add(n.getStartMark(), field, "unknown KME '" + sn.getValue() + "'", knownList("KMEs", kmes));
                } else if (labKmes.contains(sn.getValue())) {
                    problems.add(n.getStartMark(), field, "KME '" + sn.getValue() + "' is listed twice", "");
                } else {
                    labKmes.add(sn.getValue());
                }
            }
        });
        Map<String, LabSettings.LabDevice> labDevices = new TreeMap<>();
        f.node("devices").ifPresent(n -> {
            if (!(n instanceof org.yaml.snakeyaml.nodes.MappingNode)) {
                f.error("devices", "expected a mapping of device name to settings", "e.g. r1: {clock-skew: 0s}");
                return;
            }
            for (NodeTuple t : ((org.yaml.snakeyaml.nodes.MappingNode) n).getValue()) {
                String name = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
                String field = f.field("devices") + "." + name;
                if (!devices.containsKey(name)) {
                    problems.add(t.getKeyNode().getStartMark(), field, "unknown device '" + name + "'", knownList("devices", devices));
                    continue;
                }
                Node v = t.getValueNode();
                LabSettings.LabDevice settings = new LabSettings.LabDevice(Duration.ZERO);
                if (!(v instanceof ScalarNode sv && sv.getTag().equals(Tag.NULL))) {
                    Optional<Fields> df = Fields.of(v, field, problems, LAB_DEVICE);
                    if (df.isEmpty()) {
                        continue;
                    }
                    settings = labDevice(df.get(), devices.get(name).vendor());
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

    // ---- helpers -------------------------------------------------------------------------------

    static boolean valid(Fields f, String key, String value, Pattern p, String what, String rule) {
        if (p.matcher(value).matches()) {
            return true;
        }
        f.error(key, "invalid " + what + " '" + value + "'", rule);
        return false;
    }

    private boolean known(Fields f, String key, String name, Map<String, ?> table, String what) {
        if (table.containsKey(name)) {
            return true;
        }
        f.error(key, "unknown " + what + " '" + name + "'", knownList(what.equals("KME") ? "KMEs" : what + "s", table));
        return false;
    }

    private static String knownList(String what, Map<String, ?> table) {
        return table.isEmpty() ? "no " + what + " are defined" : "known " + what + ": " + String.join(", ", table.keySet());
    }
}
