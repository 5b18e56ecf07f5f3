package org.qkdmacsec.controller.inventory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.qkdmacsec.config.Durations;
import org.qkdmacsec.config.Fields;
import org.qkdmacsec.config.Problems;
import org.qkdmacsec.controller.link.Side;
import org.qkdmacsec.spi.CipherSuite;
import org.qkdmacsec.spi.PortOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads the {@code links:} entries: both sides (resolved against the devices and KMEs read before), the
 * cipher, names, timings checked against the interval, tags, key derivation and description template.
 */
final class LinkReader {
    static final List<String> FIELDS = List.of("id", "a", "b", "enc-side", "cipher", "key-size", "ca",
            "key-chain", "schedule", "keyring-slots", "lead", "overlap", "tags", "key-derivation", "description");
    static final List<String> SIDE = List.of("device", "interface", "sae-id", "kme", "options");
    static final List<String> SCHEDULE = List.of("interval", "jitter");
    /** Link ids become part of CA and key-chain names ({@code QKD_CA_<id>}), which stay ≤ 32 characters. */
    static final Pattern LINK_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,24}");
    static final String LINK_ID_RULE = "1-25 letters, digits, '_' or '-', starting with a letter or digit";
    /** Names valid as a Junos connectivity-association / key-chain name and an IOS-XR key chain. */
    static final Pattern CHAIN_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}");
    static final String CHAIN_NAME_RULE = "1-32 letters, digits, '_' or '-', starting with a letter";
    static final Pattern INTERFACE = Pattern.compile("\\S{1,64}");
    static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Problems problems;
    private final Defined defined;
    private final Map<String, Mark> marks = new LinkedHashMap<>();
    /** {@code device:interface} → the link already using it. */
    private final Map<String, String> interfaceOwners = new TreeMap<>();

    LinkReader(Problems problems, Defined defined) {
        this.problems = problems;
        this.defined = defined;
    }

    void read(Fields f) {
        Optional<String> id = f.required("id", "every link needs an id")
                .filter(v -> Defined.valid(f, "id", v, LINK_ID, "link id", LINK_ID_RULE));
        if (id.isPresent() && marks.containsKey(id.get())) {
            f.error("id", "duplicate link id '" + id.get() + "'", "first defined at line "
                    + (marks.get(id.get()).getLine() + 1));
            return;
        }
        id.ifPresent(v -> marks.put(v, f.mark()));
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
                ? f.mapping("key-derivation", KeyDerivationReader.FIELDS).flatMap(d -> KeyDerivationReader.read(d, suite, cipherKnown))
                : Optional.of(KeyDerivationSpec.DIRECT);
        Optional<Optional<String>> description = description(f);
        if (id.isEmpty() || a.isEmpty() || b.isEmpty() || schedule.isEmpty() || derivation.isEmpty() || description.isEmpty()) {
            return; // reported above; an inventory with problems is never built
        }
        defined.links.add(new Link(id.get(), a.get(), b.get(), enc.orElse(Side.A), suite,
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
                .filter(v -> Defined.valid(s, "interface", v, INTERFACE, "interface name", "1-64 characters without spaces"));
        Optional<String> kmeId = s.required("kme", "the id of the KME this end gets keys from");
        Optional<String> sae = s.matching("sae-id", Defined.SAE_ID, "SAE ID", Defined.SAE_ID_RULE);
        boolean deviceKnown = deviceName.map(d -> Defined.known(s, "device", d, defined.devices, "device")).orElse(false);
        boolean kmeKnown = kmeId.map(k -> Defined.known(s, "kme", k, defined.kmes, "KME")).orElse(false);
        Optional<PortOptions> options = PortOptionsReader.read(s,
                deviceName.filter(d -> deviceKnown).flatMap(d -> Optional.ofNullable(defined.devices.get(d))).map(Device::vendor));
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
        Kme kme = defined.kmes.get(kmeId.get());
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
}
