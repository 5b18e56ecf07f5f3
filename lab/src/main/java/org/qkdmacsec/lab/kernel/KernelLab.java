package org.qkdmacsec.lab.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Linux kernel with MACsec, in one qemu VM, as two lab "devices".
 *
 * <p>The VM boots Debian's stock kernel from an image this package builds ({@link #prepare}); inside
 * it two network namespaces {@code a} and {@code b} are joined by the veth pair {@code va}/{@code vb}.
 * Each namespace is one device for a driver: the same SSH server (forwarded to a 127.0.0.1 port, host
 * key pinned), told apart by {@code ip -n NETNS}. One VM rather than two: one boot instead of two on a
 * two-core build machine, and the wire between the ends is a veth that a capture can watch directly;
 * the MACsec code under test is the same kernel code either way.
 *
 * <pre>{@code
 * try (KernelLab lab = KernelLab.start(KernelLabConfig.defaults(cacheDir))) {
 *     LabEndpoint a = lab.device("a");   // ssh root@127.0.0.1:a.port(), key a.privateKey(), pin a.hostKeyFingerprint()
 *     ...
 * }
 * }</pre>
 */
public final class KernelLab implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KernelLab.class);
    private static final Duration KVM_PROBE = Duration.ofSeconds(20);
    private static final String KVM_VERDICT = "kvm-verdict";

    private final QemuVm vm;
    private final KernelImage image;
    private final Path runDir;
    private final List<LabEndpoint> devices;

    private KernelLab(QemuVm vm, KernelImage image, Path runDir, List<LabEndpoint> devices) {
        this.vm = vm;
        this.image = image;
        this.runDir = runDir;
        this.devices = List.copyOf(devices);
    }

    /**
     * Why the lab cannot run here, or empty when it can: a built image needs only qemu; building one
     * needs the tools {@code build-image.sh} uses. Does not build or boot anything.
     */
    public static Optional<String> unavailableReason(KernelLabConfig config) {
        List<String> missing = new ArrayList<>(Prerequisites.missing(Prerequisites.RUN));
        if (!ImageBuilder.upToDate(config.cacheDir())) {
            missing.addAll(Prerequisites.missing(Prerequisites.BUILD));
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of(Prerequisites.installHint(missing));
    }

    /** Builds the image into the cache unless an up-to-date one is there. */
    public static KernelImage prepare(KernelLabConfig config) {
        return ImageBuilder.ensure(config.cacheDir());
    }

    /** Builds if needed, boots, waits for SSH and sets up the two namespaces. */
    public static KernelLab start(KernelLabConfig config) {
        List<String> missing = Prerequisites.missing(Prerequisites.RUN);
        if (!missing.isEmpty()) {
            throw new KernelLabException(KernelLabException.Reason.MISSING_PREREQUISITES, Prerequisites.installHint(missing));
        }
        KernelImage image = prepare(config);
        Path runDir;
        try {
            Files.createDirectories(config.cacheDir().resolve("run"));
            runDir = Files.createTempDirectory(config.cacheDir().resolve("run"), "vm-");
        } catch (IOException e) {
            throw new KernelLabException(KernelLabException.Reason.BOOT_FAILED, "cannot create a run directory under "
                    + config.cacheDir() + ": " + e.getMessage(), e);
        }
        QemuVm vm = boot(image, config, runDir);
        try {
            KernelLab lab = new KernelLab(vm, image, runDir, endpoints(image, vm.sshPort(), config));
            lab.setUpNamespaces(config);
            return lab;
        } catch (RuntimeException e) {
            vm.close();
            throw e;
        }
    }

    private static QemuVm boot(KernelImage image, KernelLabConfig config, Path runDir) {
        Path verdict = config.cacheDir().resolve(KVM_VERDICT);
        boolean tryKvm = switch (config.accelerator()) {
            case KVM -> true;
            case TCG -> false;
            case AUTO -> kvmAccessible() && !read(verdict).startsWith("unusable");
        };
        if (tryKvm) {
            boolean known = read(verdict).startsWith("usable");
            try {
                QemuVm vm = QemuVm.boot(image, config, runDir, true,
                        config.accelerator() == KernelLabConfig.Accelerator.KVM || known ? config.bootTimeout() : KVM_PROBE);
                write(verdict, "usable");
                return vm;
            } catch (QemuVm.BootFailure e) {
                if (config.accelerator() == KernelLabConfig.Accelerator.KVM) {
                    throw new KernelLabException(KernelLabException.Reason.BOOT_FAILED, e.getMessage());
                }
                // Remembered per cache so later runs go straight to TCG (delete the file to probe again).
                write(verdict, "unusable: " + e.getMessage());
                LOG.info("KVM is not usable here ({}); falling back to TCG", e.getMessage());
            }
        }
        try {
            return QemuVm.boot(image, config, runDir, false, config.bootTimeout());
        } catch (QemuVm.BootFailure e) {
            throw new KernelLabException(KernelLabException.Reason.BOOT_FAILED, e.getMessage());
        }
    }

    private static boolean kvmAccessible() {
        Path kvm = Path.of("/dev/kvm");
        return Files.isReadable(kvm) && Files.isWritable(kvm);
    }

    private static List<LabEndpoint> endpoints(KernelImage image, int port, KernelLabConfig config) {
        String mc = "macsec0";
        return List.of(
                new LabEndpoint("linux-a", "127.0.0.1", port, "root", image.clientKey(), image.hostKeyFingerprint(),
                        "a", "va", mc, "02:00:00:00:00:0a", "10.77.0.1/24", "10.77.0.2"),
                new LabEndpoint("linux-b", "127.0.0.1", port, "root", image.clientKey(), image.hostKeyFingerprint(),
                        "b", "vb", mc, "02:00:00:00:00:0b", "10.77.0.2/24", "10.77.0.1"));
    }

    private void setUpNamespaces(KernelLabConfig config) {
        byte[] script;
        try (InputStream in = KernelLab.class.getResourceAsStream("netns-setup.sh")) {
            script = in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new KernelLabException(KernelLabException.Reason.GUEST_COMMAND_FAILED, "netns-setup.sh missing from the lab jar");
        }
        ExecResult r = exec("/bin/sh -s -- " + config.macsecCipher().orElse("none") + " " + config.replayWindow(),
                script, Duration.ofSeconds(60));
        if (!r.ok()) {
            throw new KernelLabException(KernelLabException.Reason.GUEST_COMMAND_FAILED, "namespace setup failed: "
                    + r.stderr().trim());
        }
    }

    /** The guest's SSH host key as a known_hosts key field: {@code <type> <base64>}. */
    public String hostPublicKeyLine() {
        try {
            String[] f = Files.readString(image.kernel().getParent().resolve("host-key.pub")).trim().split("\\s+");
            return f[0] + " " + f[1];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            throw new KernelLabException(KernelLabException.Reason.BOOT_FAILED, "cannot read the guest host key: " + e.getMessage());
        }
    }

    /** The two devices, {@code linux-a} (netns {@code a}) and {@code linux-b} (netns {@code b}). */
    public List<LabEndpoint> devices() {
        return devices;
    }

    /** The device in namespace {@code netns} ({@code a} or {@code b}). */
    public LabEndpoint device(String netns) {
        return devices.stream().filter(d -> d.netns().equals(netns)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("kernel lab has namespaces a and b, not '" + netns + "'"));
    }

    /** Runs {@code command} as root in the VM's initial namespace (prefix {@code ip netns exec X} for a device). */
    public ExecResult exec(String command, Duration timeout) {
        return exec(command, new byte[0], timeout);
    }

    public ExecResult exec(String command, byte[] stdin, Duration timeout) {
        return vm.shell().exec(command, stdin, timeout);
    }

    /**
     * Starts {@code ping} from {@code from} to its peer's address and returns at once; the future
     * completes with ping's summary. {@code patternHex} fills the payload (up to 16 bytes) so a wire
     * capture can look for it.
     */
    public CompletableFuture<PingResult> ping(LabEndpoint from, int count, Duration interval, String patternHex) {
        HexFormat.of().parseHex(patternHex); // refuse anything but hex before it reaches a shell
        String cmd = String.format(java.util.Locale.ROOT, "/usr/bin/ip netns exec %s /usr/bin/ping -q -c %d -i %.3f -W 2 -p %s %s",
                from.netns(), count, interval.toMillis() / 1000.0, patternHex, from.peerAddress());
        Duration budget = interval.multipliedBy(count).multipliedBy(3).plusSeconds(60);
        return CompletableFuture.supplyAsync(() -> PingResult.parse(exec(cmd, budget).stdoutText()));
    }

    /**
     * Captures up to {@code frames} frames on interface {@code iface} of {@code on}'s namespace (its
     * veth, {@link LabEndpoint#parentInterface()}, is the wire) while {@code during} runs, and returns
     * them (tcpdump writes pcap in the guest; the bytes are parsed here).
     */
    public WireCapture capture(LabEndpoint on, String iface, int frames, Duration timeout, Runnable during) {
        if (!iface.matches("[A-Za-z0-9_.@-]{1,15}")) {
            throw new IllegalArgumentException("not an interface name: '" + iface + "'");
        }
        String file = "/tmp/capture-" + on.netns() + "-" + iface + ".pcap";
        String log = file + ".log";
        exec("rm -f " + file + " " + log, Duration.ofSeconds(10));
        // tcpdump's own "listening on" line (stderr, kept in a guest file so it can be polled) says the
        // capture is armed; the pcap file's size does not, as the header may sit in a buffer.
        CompletableFuture<ExecResult> dump = CompletableFuture.supplyAsync(() -> exec(String.format(java.util.Locale.ROOT,
                "/usr/bin/busybox timeout %d /usr/bin/ip netns exec %s /usr/bin/tcpdump -Z root -i %s -nn -U -c %d -w %s 2>%s;"
                        + " s=$?; cat %s >&2; exit $s",
                timeout.toSeconds(), on.netns(), iface, frames, file, log, log), timeout.plusSeconds(10)));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!exec("grep -q 'listening on' " + log, Duration.ofSeconds(10)).ok()) {
            if (System.nanoTime() > deadline || dump.isDone()) {
                String why = dump.isDone() ? "exit " + dump.join().exitCode() + ", " + dump.join().stderr().trim()
                        : "not within 30 s";
                throw new KernelLabException(KernelLabException.Reason.GUEST_COMMAND_FAILED, "tcpdump did not start on "
                        + iface + " in " + on.netns() + ": " + why);
            }
            sleepMs(100);
        }
        during.run();
        try {
            dump.get(timeout.toSeconds() + 15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KernelLabException(KernelLabException.Reason.GUEST_COMMAND_FAILED, "interrupted during capture", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KernelLabException(KernelLabException.Reason.GUEST_COMMAND_FAILED, "capture failed: " + e.getMessage(), e);
        }
        return WireCapture.parsePcap(exec("cat " + file, Duration.ofSeconds(30)).stdout());
    }

    public String accelerator() {
        return vm.accelerator();
    }

    public Duration bootTime() {
        return vm.bootTime();
    }

    public String kernelVersion() {
        return image.kernelVersion();
    }

    /** The qemu process id (for operators and for tests that check it is gone after {@link #close()}). */
    public long qemuPid() {
        return vm.pid();
    }

    /** Stops the VM (its process is gone when this returns) and removes the run directory. */
    @Override
    public void close() {
        try {
            vm.close();
        } finally {
            try (var files = Files.walk(runDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.debug("cannot remove {}: {}", runDir, e.getMessage());
            }
        }
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void write(Path f, String s) {
        try {
            Files.writeString(f, s + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.debug("cannot record {}: {}", f, e.getMessage());
        }
    }

    private static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KernelLabException(KernelLabException.Reason.GUEST_COMMAND_FAILED, "interrupted");
        }
    }
}
