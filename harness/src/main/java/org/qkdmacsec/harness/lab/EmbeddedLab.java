package org.qkdmacsec.harness.lab;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.qkdmacsec.controller.inventory.ClientIdentity;
import org.qkdmacsec.controller.inventory.Device;
import org.qkdmacsec.controller.inventory.HostKeyPin;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Kme;
import org.qkdmacsec.controller.inventory.LabSettings;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.inventory.SecretRef;
import org.qkdmacsec.controller.inventory.Vendor;
import org.qkdmacsec.lab.iosxr.IosXrSimulator;
import org.qkdmacsec.lab.junos.JunosSimulator;
import org.qkdmacsec.lab.kernel.KernelLab;
import org.qkdmacsec.lab.kernel.KernelLabConfig;
import org.qkdmacsec.lab.kernel.KernelLabException;
import org.qkdmacsec.lab.kernel.LabEndpoint;
import org.qkdmacsec.lab.kme.KmeNetwork;
import org.qkdmacsec.lab.mka.MkaLinkModel;
import org.qkdmacsec.lab.pki.TestPki;
import org.qkdmacsec.spi.Secret;

/**
 * The simulators an inventory's {@code lab:} section names, started in this process: a KME network
 * (mutual TLS, PKI written under the state directory), one device simulator per listed device, and
 * an MKA link model for every link whose two ends are both simulated. Used by {@code lab up} (fixed
 * ports from the inventory, system clock) and by {@code demo} and the tests (ephemeral ports, a
 * private state directory, simulated time) — in which case {@link #inventory()} is the inventory
 * relocated to where things really are.
 */
public final class EmbeddedLab implements AutoCloseable {
    /** Where the simulators listen. */
    public enum Ports {
        /** The ports the inventory names (for {@code lab up}: the controller runs in another process). */
        FIXED,
        /** Any free port; the relocated inventory says which (demo, tests). */
        EPHEMERAL
    }

    private final Inventory inventory;
    private final Path stateDir;
    private final Optional<KmeNetwork> kmes;
    private final Map<String, SimulatedDevice> devices;
    private final Optional<KernelLab> kernel;
    private final Map<String, MkaLinkModel> models;
    private final List<String> notes;

    private EmbeddedLab(Inventory inventory, Path stateDir, Optional<KmeNetwork> kmes, Map<String, SimulatedDevice> devices,
                        Optional<KernelLab> kernel, Map<String, MkaLinkModel> models, List<String> notes) {
        this.inventory = inventory;
        this.stateDir = stateDir;
        this.kmes = kmes;
        this.devices = devices;
        this.kernel = kernel;
        this.models = models;
        this.notes = notes;
    }

    /**
     * Starts the lab.
     *
     * @param stateDirOverride a state directory to use instead of the inventory's (demo, tests); the
     *                         inventory's paths under its state directory are moved there
     */
    public static EmbeddedLab start(Inventory source, Clock clock, Ports ports, Optional<Path> stateDirOverride) {
        return start(source, clock, ports, stateDirOverride, LabKmes.DEFAULT_POOL);
    }

    /** As {@link #start(Inventory, Clock, Ports, Optional)}, with the KMEs' key pool given ({@code bench} needs one per link and round). */
    public static EmbeddedLab start(Inventory source, Clock clock, Ports ports, Optional<Path> stateDirOverride,
                                    org.qkdmacsec.lab.kme.KeyPoolSpec pool) {
        LabSettings lab = source.lab().orElseThrow(() -> new LabException(source.source()
                + " has no lab: section; nothing to simulate (see docs/inventory.md)"));
        Path stateDir = stateDirOverride.orElse(lab.stateDir());
        List<AutoCloseable> started = new ArrayList<>();
        try {
            Files.createDirectories(stateDir);
            TestPki pki = TestPki.create(stateDir.resolve("pki"), clock);
            Optional<KmeNetwork> kmes = LabKmes.start(source, lab, clock, ports, pki, pool);
            kmes.ifPresent(started::add);
            boolean relocated = ports == Ports.EPHEMERAL || stateDirOverride.isPresent();
            Map<String, SimulatedDevice> devices = new TreeMap<>();
            List<String> notes = new ArrayList<>();
            List<Device> linux = new ArrayList<>();
            for (String name : lab.devices().keySet()) {
                Device d = source.device(name).orElseThrow();
                LabSettings.LabDevice settings = lab.devices().get(name);
                Duration skew = settings.clockSkew();
                // The lab's time-zone for the router, else the inventory's word for the device, else UTC.
                ZoneId zone = settings.timeZone().or(d::timeZone).orElse(ZoneOffset.UTC);
                Duration latency = settings.commitLatency(d.vendor());
                int port = ports == Ports.FIXED ? d.port() : 0;
                switch (d.vendor()) {
                    case JUNOS -> devices.put(name, SimulatedDevice.junos(JunosSimulator.builder().hostName(name).host(d.host())
                            .port(port).user(d.username(), password(d, lab, stateDir, relocated))
                            .hostKey(LabHostKeys.load(stateDir, name)).clock(clock).timeZone(zone)
                            .clockSkew(skew).commitLatency(latency).start()));
                    case IOSXR -> devices.put(name, SimulatedDevice.iosxr(IosXrSimulator.builder().hostname(name)
                            .credentials(d.username(), password(d, lab, stateDir, relocated).toCharArray()).pki(pki)
                            .clock(clock).timeZone(zone).clockSkew(skew).commitLatency(latency)
                            .interfaces(interfacesOf(source, name))
                            .ports(ports == Ports.FIXED ? Integer.parseInt(d.options().getOrDefault("gnmi-port", "57400")) : 0, port)
                            .sshHostKey(LabHostKeys.load(stateDir, name)).build()));
                    case LINUX -> linux.add(d);
                }
                started.add(devices.get(name));
            }
            Optional<KernelLab> kernel = linux.isEmpty() ? Optional.empty()
                    : startKernel(linux, ports, kernelCache(lab.stateDir(), stateDir, relocated), notes);
            kernel.ifPresent(started::add);
            Map<String, URI> kmeUrls = new LinkedHashMap<>();
            kmes.ifPresent(n -> n.kmes().forEach(k -> kmeUrls.put(k.id(), URI.create(k.uri().toString().replaceAll("/+$", "")))));
            Inventory effective = relocated ? relocate(source, lab.stateDir(), stateDir, devices, kernel, kmeUrls,
                    lab.stateDir().resolve("kernel"), kernelCache(lab.stateDir(), stateDir, relocated)) : source;
            if (kernel.isEmpty() && !linux.isEmpty()) {
                effective = withoutLinks(effective, linux.stream().map(Device::name).toList());
            }
            writeKnownHosts(effective, devices, kernel);

            Map<String, MkaLinkModel> models = new TreeMap<>();
            for (Link link : effective.links()) {
                SimulatedDevice a = devices.get(link.a().device());
                SimulatedDevice b = devices.get(link.b().device());
                if (a == null || b == null) {
                    boolean real = kernel.isPresent() && effective.devices().stream()
                            .filter(d -> d.name().equals(link.a().device()) || d.name().equals(link.b().device()))
                            .anyMatch(d -> endpointOf(d, kernel).isPresent());
                    notes.add("link " + link.id() + (real ? ": real Linux kernel MACsec in a qemu VM (no MKA model; check with ping)"
                            : ": not simulated here (an end is a real device)"));
                    continue;
                }
                MkaLinkModel model = new MkaLinkModel(clock);
                a.attach(link.a().interfaceName(), model.a(), link.b().device());
                b.attach(link.b().interfaceName(), model.b(), link.a().device());
                models.put(link.id(), model);
            }
            return new EmbeddedLab(effective, stateDir, kmes, devices, kernel, models, notes);
        } catch (IOException | RuntimeException e) {
            for (AutoCloseable c : started) {
                closeQuietly(c);
            }
            if (e instanceof LabException le) {
                throw le;
            }
            throw new LabException("cannot start the lab: " + e.getMessage(), e);
        }
    }

    /** The lab device password: from the device's reference, created (random, 0600) when it is a missing lab file. */
    private static String password(Device d, LabSettings lab, Path stateDir, boolean relocated) throws IOException {
        SecretRef ref = d.password().orElseThrow(() -> new LabException("device " + d.name()
                + ": the lab logs in with a password; set password: file:… or env:… in the inventory"));
        if (ref instanceof SecretRef.FileRef f) {
            Path file = relocated ? rebase(f.path(), lab.stateDir(), stateDir) : f.path();
            if (!Files.exists(file)) {
                byte[] random = new byte[18];
                new SecureRandom().nextBytes(random);
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n", StandardCharsets.UTF_8);
                restrict(file);
            }
            ref = new SecretRef.FileRef(file);
        }
        try (Secret s = ref.resolve()) {
            // The simulator's user table takes a String; this is a throwaway lab password.
            return s.apply(b -> new String(b, StandardCharsets.UTF_8));
        }
    }

    /** Rewrites each known_hosts file the inventory names with the lab devices' current keys. */
    private static void writeKnownHosts(Inventory inv, Map<String, SimulatedDevice> sims, Optional<KernelLab> kernel) throws IOException {
        Map<Path, java.util.Set<String>> files = new LinkedHashMap<>();
        for (Device d : inv.devices()) {
            if (!(d.hostKey() instanceof HostKeyPin.KnownHosts kh)) {
                continue;
            }
            Optional<String> line = Optional.ofNullable(sims.get(d.name())).map(SimulatedDevice::knownHostsLine)
                    .or(() -> endpointOf(d, kernel).map(e -> "[" + e.host() + "]:" + e.port() + " " + kernel.get().hostPublicKeyLine()));
            line.ifPresent(l -> files.computeIfAbsent(kh.file(), f -> new java.util.LinkedHashSet<>()).add(l));
        }
        for (Map.Entry<Path, java.util.Set<String>> e : files.entrySet()) {
            Files.createDirectories(e.getKey().toAbsolutePath().getParent());
            Files.write(e.getKey(), e.getValue(), StandardCharsets.US_ASCII);
        }
    }

    static Inventory relocate(Inventory inv, Path fromState, Path toState, Map<String, SimulatedDevice> sims,
                              Optional<KernelLab> kernel, Map<String, URI> kmeUrls, Path kernelCacheFrom, Path kernelCacheTo) {
        List<Device> devices = new ArrayList<>();
        for (Device d : inv.devices()) {
            HostKeyPin pin = d.hostKey() instanceof HostKeyPin.KnownHosts kh ? new HostKeyPin.KnownHosts(rebase(kh.file(), fromState, toState)) : d.hostKey();
            int port = d.port();
            Map<String, String> options = new TreeMap<>(d.options());
            Optional<Path> key = d.privateKey().map(p -> rebase(rebase(p, kernelCacheFrom, kernelCacheTo), fromState, toState));
            SimulatedDevice sim = sims.get(d.name());
            if (sim != null) {
                port = sim.sshPort();
                sim.gnmiPort().ifPresent(g -> options.put("gnmi-port", String.valueOf(g)));
            }
            Optional<Integer> kernelPort = endpointOf(d, kernel).map(LabEndpoint::port);
            if (kernelPort.isPresent()) {
                port = kernelPort.get();
            }
            if (options.containsKey("gnmi-ca")) {
                options.put("gnmi-ca", rebase(Path.of(options.get("gnmi-ca")), fromState, toState).toString());
            }
            devices.add(new Device(d.name(), d.vendor(), d.host(), port, d.username(),
                    d.password().map(p -> rebase(p, fromState, toState)), key, pin, d.timeZone(), d.requireNtp(), options));
        }
        List<Kme> kmes = new ArrayList<>();
        for (Kme k : inv.kmes()) {
            Optional<ClientIdentity> id = k.clientIdentity().map(ci -> ci instanceof ClientIdentity.Pem p
                    ? new ClientIdentity.Pem(rebase(p.certificate(), fromState, toState), rebase(p.privateKey(), fromState, toState),
                            p.keyPassword().map(r -> rebase(r, fromState, toState)))
                    : rebasePkcs12((ClientIdentity.Pkcs12) ci, fromState, toState));
            kmes.add(new Kme(k.id(), kmeUrls.getOrDefault(k.id(), k.url()), k.saeId(), id, k.caBundle().map(p -> rebase(p, fromState, toState)),
                    k.connectTimeout(), k.readTimeout(), k.insecure(), k.method(), k.maxKeysPerRequest(), k.statusMode(),
                    k.serverCertSha256(), k.serverCert().map(p -> rebase(p, fromState, toState))));
        }
        Optional<LabSettings> lab = inv.lab().map(l -> new LabSettings(toState, l.kmes(), l.devices()));
        return new Inventory(inv.source() + " (lab at " + toState + ")", devices, kmes, inv.links(), lab);
    }

    /** The kernel-lab namespace a Linux device lives in (device option {@code netns}). */
    private static Optional<LabEndpoint> endpointOf(Device d, Optional<KernelLab> kernel) {
        return kernel.filter(k -> d.vendor() == Vendor.LINUX).flatMap(k -> Optional.ofNullable(d.options().get("netns"))
                .flatMap(ns -> k.devices().stream().filter(e -> e.netns().equals(ns)).findFirst()));
    }

    /**
     * Where the kernel image lives: under the lab state directory for {@code lab up}; for relocated
     * labs (demo, tests) in a cache shared across runs, because building the image takes minutes.
     */
    static Path kernelCache(Path labState, Path stateDir, boolean relocated) {
        if (!relocated) {
            return stateDir.resolve("kernel");
        }
        String explicit = System.getenv("QKD_KERNEL_LAB_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("qkd-macsec").resolve("kernel-lab");
    }

    /** Boots the kernel lab for the inventory's Linux devices, or says in {@code notes} why it cannot. */
    private static Optional<KernelLab> startKernel(List<Device> linux, Ports ports, Path cache, List<String> notes) {
        // The lab creates macsec0 (gcm-aes-xpn-256, with addresses) in each namespace; the driver adopts it.
        KernelLabConfig cfg = KernelLabConfig.defaults(cache).withSshPort(ports == Ports.FIXED ? linux.get(0).port() : 0);
        Optional<String> why = KernelLab.unavailableReason(cfg);
        if (why.isPresent()) {
            notes.add("Linux link(s) left out: the kernel lab cannot run here: " + why.get());
            return Optional.empty();
        }
        try {
            return Optional.of(KernelLab.start(cfg));
        } catch (KernelLabException e) {
            notes.add("Linux link(s) left out: the kernel lab did not start: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Inventory withoutLinks(Inventory inv, List<String> devices) {
        List<Link> links = inv.links().stream().filter(l -> !devices.contains(l.a().device()) && !devices.contains(l.b().device())).toList();
        return new Inventory(inv.source(), inv.devices(), inv.kmes(), links, inv.lab());
    }

    private static String[] interfacesOf(Inventory inv, String device) {
        return inv.links().stream().flatMap(l -> Stream.of(l.a(), l.b())).filter(s -> s.device().equals(device))
                .map(s -> s.interfaceName()).distinct().toArray(String[]::new);
    }

    private static ClientIdentity rebasePkcs12(ClientIdentity.Pkcs12 p, Path from, Path to) {
        return new ClientIdentity.Pkcs12(rebase(p.file(), from, to), p.password().map(r -> rebase(r, from, to)));
    }

    private static SecretRef rebase(SecretRef ref, Path from, Path to) {
        return ref instanceof SecretRef.FileRef f ? new SecretRef.FileRef(rebase(f.path(), from, to)) : ref;
    }

    private static Path rebase(Path p, Path from, Path to) {
        Path norm = p.normalize();
        Path base = from.normalize();
        return norm.startsWith(base) ? to.resolve(base.relativize(norm)) : p;
    }

    static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing more we can do
        }
    }

    /** The inventory the controller should use to reach this lab. */
    public Inventory inventory() {
        return inventory;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** The simulated KMEs; a lab whose {@code lab.kmes} is empty has none (its routers use external KMEs). */
    public KmeNetwork kmes() {
        return kmes.orElseThrow(() -> new LabException("this lab simulates no KME (lab.kmes is empty): its routers are"
                + " keyed from the KMEs the inventory names"));
    }

    public Optional<KmeNetwork> kmeNetwork() {
        return kmes;
    }

    public Optional<JunosSimulator> junos(String device) {
        return Optional.ofNullable(devices.get(device)).filter(d -> d instanceof SimulatedDevice.Junos)
                .map(d -> ((SimulatedDevice.Junos) d).sim());
    }

    public Optional<IosXrSimulator> iosxr(String device) {
        return Optional.ofNullable(devices.get(device)).filter(d -> d instanceof SimulatedDevice.IosXr)
                .map(d -> ((SimulatedDevice.IosXr) d).sim());
    }

    /** The real-kernel Linux lab, when the inventory has Linux devices and it could start. */
    public Optional<KernelLab> kernel() {
        return kernel;
    }

    /** Things an operator should know about this lab (links left out and why). */
    public List<String> notes() {
        return notes;
    }

    /** The MKA model of a link whose two ends are simulated: the ground truth for "hitless". */
    public Optional<MkaLinkModel> model(String linkId) {
        return Optional.ofNullable(models.get(linkId));
    }

    /** One line per simulator: what runs where, for {@code lab up}. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        out.addAll(LabKmes.describe(inventory, kmes));
        devices.forEach((n, d) -> out.add(d.describe(n)));
        kernel.ifPresent(k -> k.devices().forEach(e -> out.add(String.format("linux   %-8s ssh %s:%d netns %s (real kernel in qemu, %s)",
                e.name(), e.host(), e.port(), e.netns(), k.accelerator()))));
        models.keySet().forEach(l -> out.add(String.format("link    %-8s both ends simulated; MKA link model attached", l)));
        notes.forEach(n -> out.add("note    " + n));
        out.add("PKI, SSH host keys and the device password: " + stateDir);
        return out;
    }

    @Override
    public void close() {
        devices.values().forEach(EmbeddedLab::closeQuietly);
        kernel.ifPresent(EmbeddedLab::closeQuietly);
        kmes.ifPresent(EmbeddedLab::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // shutting down the lab: nothing to report
        }
    }
}
