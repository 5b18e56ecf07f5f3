package org.qkdmacsec.controller.lab;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.qkdmacsec.controller.inventory.ClientIdentity;
import org.qkdmacsec.controller.inventory.Device;
import org.qkdmacsec.controller.inventory.HostKeyPin;
import org.qkdmacsec.controller.inventory.Inventory;
import org.qkdmacsec.controller.inventory.Kme;
import org.qkdmacsec.controller.inventory.LabSettings;
import org.qkdmacsec.controller.inventory.Link;
import org.qkdmacsec.controller.inventory.SecretRef;
import org.qkdmacsec.controller.inventory.Vendor;
import org.qkdmacsec.lab.junos.JunosSimulator;
import org.qkdmacsec.lab.kme.KeyPoolSpec;
import org.qkdmacsec.lab.kme.KmeNetwork;
import org.qkdmacsec.lab.kme.KmeSpec;
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
    private final KmeNetwork kmes;
    private final Map<String, JunosSimulator> junos;
    private final Map<String, MkaLinkModel> models;
    private final List<String> unmodelled;

    private EmbeddedLab(Inventory inventory, Path stateDir, KmeNetwork kmes, Map<String, JunosSimulator> junos,
                        Map<String, MkaLinkModel> models, List<String> unmodelled) {
        this.inventory = inventory;
        this.stateDir = stateDir;
        this.kmes = kmes;
        this.junos = junos;
        this.models = models;
        this.unmodelled = unmodelled;
    }

    /**
     * Starts the lab.
     *
     * @param stateDirOverride a state directory to use instead of the inventory's (demo, tests); the
     *                         inventory's paths under its state directory are moved there
     */
    public static EmbeddedLab start(Inventory source, Clock clock, Ports ports, Optional<Path> stateDirOverride) {
        LabSettings lab = source.lab().orElseThrow(() -> new LabException(source.source()
                + " has no lab: section; nothing to simulate (see docs/inventory.md)"));
        Path stateDir = stateDirOverride.orElse(lab.stateDir());
        List<AutoCloseable> started = new ArrayList<>();
        try {
            Files.createDirectories(stateDir);
            KmeNetwork kmes = startKmes(source, lab, clock, ports, stateDir);
            started.add(kmes);
            Map<String, JunosSimulator> junos = new TreeMap<>();
            Map<String, Integer> devicePorts = new LinkedHashMap<>();
            for (String name : lab.devices().keySet()) {
                Device d = source.device(name).orElseThrow();
                if (d.vendor() != Vendor.JUNOS) {
                    throw new LabException("device " + name + ": simulating " + d.vendor().id() + " devices is not supported yet");
                }
                JunosSimulator sim = JunosSimulator.builder().hostName(name).host(d.host())
                        .port(ports == Ports.FIXED ? d.port() : 0)
                        .user(d.username(), password(d, source, lab, stateDir, stateDirOverride.isPresent()))
                        .hostKey(hostKey(stateDir, name))
                        .clock(clock).timeZone(d.timeZone().orElse(ZoneOffset.UTC))
                        .clockSkew(lab.devices().get(name).clockSkew())
                        .start();
                started.add(sim);
                junos.put(name, sim);
                devicePorts.put(name, sim.port());
            }
            Map<String, URI> kmeUrls = new LinkedHashMap<>();
            kmes.kmes().forEach(k -> kmeUrls.put(k.id(), URI.create((k.uri().toString().replaceAll("/+$", "")))));
            Inventory effective = ports == Ports.FIXED && stateDirOverride.isEmpty() ? source
                    : relocate(source, lab.stateDir(), stateDir, devicePorts, kmeUrls);
            writeKnownHosts(effective, junos);

            Map<String, MkaLinkModel> models = new TreeMap<>();
            List<String> unmodelled = new ArrayList<>();
            for (Link link : effective.links()) {
                JunosSimulator a = junos.get(link.a().device());
                JunosSimulator b = junos.get(link.b().device());
                if (a == null || b == null) {
                    unmodelled.add(link.id());
                    continue;
                }
                MkaLinkModel model = new MkaLinkModel(clock);
                a.attach(link.a().interfaceName(), model.a());
                b.attach(link.b().interfaceName(), model.b());
                models.put(link.id(), model);
            }
            return new EmbeddedLab(effective, stateDir, kmes, junos, models, unmodelled);
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

    private static KmeNetwork startKmes(Inventory inv, LabSettings lab, Clock clock, Ports ports, Path stateDir) {
        KmeNetwork.Builder b = KmeNetwork.builder(clock).pki(TestPki.create(stateDir.resolve("pki"), clock))
                // A generous pool: the lab models a healthy QKD link; exhaustion is a fault to inject.
                .pool(KeyPoolSpec.defaults().withMaxKeyCount(10_000).withInitialKeys(1_000).withKeysPerSecond(10));
        Map<String, String> saes = new TreeMap<>();
        for (String id : lab.kmes()) {
            Kme k = inv.kme(id).orElseThrow();
            KmeSpec spec = k.insecure() ? KmeSpec.insecure() : KmeSpec.mtls();
            b.kme(id, spec.withPort(ports == Ports.FIXED ? k.url().getPort() : 0));
            k.saeId().ifPresent(sae -> saes.put(sae, id));
        }
        for (Link l : inv.links()) {
            if (lab.kmes().contains(l.a().kme())) {
                saes.putIfAbsent(l.a().saeId(), l.a().kme());
            }
            if (lab.kmes().contains(l.b().kme())) {
                saes.putIfAbsent(l.b().saeId(), l.b().kme());
            }
        }
        saes.forEach(b::sae);
        return b.build().start();
    }

    /** The lab device password: from the device's reference, created (random, 0600) when it is a missing lab file. */
    private static String password(Device d, Inventory inv, LabSettings lab, Path stateDir, boolean relocated) throws IOException {
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

    /** The device's SSH host key, kept in the state directory so pins survive restarts of the lab. */
    private static KeyPair hostKey(Path stateDir, String device) throws IOException {
        Path dir = stateDir.resolve("ssh");
        Path file = dir.resolve(device + ".key");
        try {
            KeyFactory kf = KeyFactory.getInstance("EC");
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
                return new KeyPair(kf.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines.get(0)))),
                        kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines.get(1)))));
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            Files.createDirectories(dir);
            Files.writeString(file, Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()) + "\n"
                    + Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded()) + "\n", StandardCharsets.US_ASCII);
            restrict(file);
            return kp;
        } catch (java.security.GeneralSecurityException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new LabException("cannot load or create the lab host key " + file + " (delete it to start afresh): " + e, e);
        }
    }

    /** Rewrites each known_hosts file the inventory names with the lab devices' current keys. */
    private static void writeKnownHosts(Inventory inv, Map<String, JunosSimulator> sims) throws IOException {
        Map<Path, List<String>> files = new LinkedHashMap<>();
        for (Device d : inv.devices()) {
            JunosSimulator sim = sims.get(d.name());
            if (sim != null && d.hostKey() instanceof HostKeyPin.KnownHosts kh) {
                files.computeIfAbsent(kh.file(), f -> new ArrayList<>()).add(sim.knownHostsLine());
            }
        }
        for (Map.Entry<Path, List<String>> e : files.entrySet()) {
            Path parent = e.getKey().toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.write(e.getKey(), e.getValue(), StandardCharsets.US_ASCII);
        }
    }

    static Inventory relocate(Inventory inv, Path fromState, Path toState, Map<String, Integer> devicePorts, Map<String, URI> kmeUrls) {
        List<Device> devices = new ArrayList<>();
        for (Device d : inv.devices()) {
            HostKeyPin pin = d.hostKey() instanceof HostKeyPin.KnownHosts kh ? new HostKeyPin.KnownHosts(rebase(kh.file(), fromState, toState)) : d.hostKey();
            devices.add(new Device(d.name(), d.vendor(), d.host(), devicePorts.getOrDefault(d.name(), d.port()), d.username(),
                    d.password().map(p -> rebase(p, fromState, toState)), d.privateKey().map(p -> rebase(p, fromState, toState)), pin,
                    d.timeZone(), d.options()));
        }
        List<Kme> kmes = new ArrayList<>();
        for (Kme k : inv.kmes()) {
            Optional<ClientIdentity> id = k.clientIdentity().map(ci -> ci instanceof ClientIdentity.Pem p
                    ? new ClientIdentity.Pem(rebase(p.certificate(), fromState, toState), rebase(p.privateKey(), fromState, toState),
                            p.keyPassword().map(r -> rebase(r, fromState, toState)))
                    : rebasePkcs12((ClientIdentity.Pkcs12) ci, fromState, toState));
            kmes.add(new Kme(k.id(), kmeUrls.getOrDefault(k.id(), k.url()), k.saeId(), id, k.caBundle().map(p -> rebase(p, fromState, toState)),
                    k.connectTimeout(), k.readTimeout(), k.insecure(), k.method(), k.maxKeysPerRequest()));
        }
        Optional<LabSettings> lab = inv.lab().map(l -> new LabSettings(toState, l.kmes(), l.devices()));
        return new Inventory(inv.source() + " (lab at " + toState + ")", devices, kmes, inv.links(), lab);
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

    private static void restrict(Path file) throws IOException {
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

    public KmeNetwork kmes() {
        return kmes;
    }

    public Optional<JunosSimulator> junos(String device) {
        return Optional.ofNullable(junos.get(device));
    }

    /** The MKA model of a link whose two ends are simulated: the ground truth for "hitless". */
    public Optional<MkaLinkModel> model(String linkId) {
        return Optional.ofNullable(models.get(linkId));
    }

    /** One line per simulator: what runs where, for {@code lab up}. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        kmes.kmes().forEach(k -> out.add(String.format("KME     %-8s %s", k.id(), k.uri())));
        junos.forEach((n, s) -> out.add(String.format("junos   %-8s ssh/netconf %s:%d  host key %s", n, s.host(), s.port(), s.hostKeyFingerprint())));
        models.keySet().forEach(l -> out.add(String.format("link    %-8s both ends simulated; MKA link model attached", l)));
        unmodelled.forEach(l -> out.add(String.format("link    %-8s not simulated here (an end is a real device or not in lab:)", l)));
        out.add("PKI, SSH host keys and the device password: " + stateDir);
        return out;
    }

    @Override
    public void close() {
        junos.values().forEach(EmbeddedLab::closeQuietly);
        closeQuietly(kmes);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // shutting down the lab: nothing to report
        }
    }
}
