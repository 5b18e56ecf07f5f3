package org.qkdmacsec.lab.kernel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One qemu process booting the lab image, owned by this object, its SSH port forwarded to 127.0.0.1
 * only. qemu runs under a small watchdog shell whose stdin is a pipe from this JVM: when the pipe
 * closes — {@link #close()}, or the JVM dying in any way, even SIGKILL — the watchdog kills qemu. A
 * shutdown hook and {@link #close()} also kill the process tree directly.
 */
final class QemuVm implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QemuVm.class);
    static final String READY_MARKER = "KERNEL-LAB-READY";
    /**
     * Runs qemu ("$@") and kills it when stdin reaches EOF. The reader needs its own descriptor: an
     * asynchronous list's stdin is /dev/null unless redirected explicitly.
     */
    static final String WATCHDOG = "exec 3<&0; \"$@\" </dev/null & q=$!; (read _ <&3; kill $q 2>/dev/null) & w=$!;"
            + " wait $q; s=$?; kill $w 2>/dev/null; exit $s";

    private final Process process;
    private final Thread reaper;
    private final int sshPort;
    private final GuestShell shell;
    private final String accelerator;
    private final Duration bootTime;

    private QemuVm(Process process, Thread reaper, int sshPort, GuestShell shell, String accelerator, Duration bootTime) {
        this.process = process;
        this.reaper = reaper;
        this.sshPort = sshPort;
        this.shell = shell;
        this.accelerator = accelerator;
        this.bootTime = bootTime;
    }

    /** Thrown when the guest did not come up with this accelerator (the caller may try another). */
    static final class BootFailure extends Exception {
        private static final long serialVersionUID = 1L;

        BootFailure(String message) {
            super(message);
        }
    }

    /**
     * Boots and waits until the guest accepts an SSH login. Retries with another port when the
     * chosen one was taken between picking and binding it.
     */
    static QemuVm boot(KernelImage image, KernelLabConfig config, Path runDir, boolean kvm, Duration timeout)
            throws BootFailure {
        KeyPair key = LabKeys.load(image.clientKey());
        BootFailure last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return bootOnce(image, config, runDir, kvm, timeout, key);
            } catch (PortTaken e) {
                if (config.sshPort() != 0) {
                    throw new BootFailure(e.getMessage() + " (the inventory fixes this port; free it or change it)");
                }
                last = new BootFailure(e.getMessage());
            }
        }
        throw last;
    }

    private static final class PortTaken extends Exception {
        private static final long serialVersionUID = 1L;

        PortTaken(String message) {
            super(message);
        }
    }

    private static QemuVm bootOnce(KernelImage image, KernelLabConfig config, Path runDir, boolean kvm, Duration timeout,
                                   KeyPair key) throws BootFailure, PortTaken {
        int port = config.sshPort() != 0 ? config.sshPort() : freeLoopbackPort();
        Path console = runDir.resolve("console.log");
        Path qemuLog = runDir.resolve("qemu.log");
        List<String> cmd = command(image, config, console, port, kvm);
        long t0 = System.nanoTime();
        Process p;
        try {
            Files.deleteIfExists(console);
            List<String> guarded = new ArrayList<>(List.of("sh", "-c", WATCHDOG, "kernel-lab-qemu"));
            guarded.addAll(cmd);
            p = new ProcessBuilder(guarded).redirectErrorStream(true).redirectOutput(qemuLog.toFile()).start();
        } catch (IOException e) {
            throw new BootFailure("cannot start qemu-system-x86_64: " + e.getMessage());
        }
        Thread reaper = new Thread(() -> kill(p), "kernel-lab-qemu-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        String accel = kvm ? "kvm" : "tcg";
        try {
            long deadline = t0 + timeout.toNanos();
            while (!read(console).contains(READY_MARKER)) {
                if (!p.isAlive()) {
                    String log = read(qemuLog);
                    if (log.contains("hostfwd") || log.contains("host forwarding")) {
                        throw new PortTaken("port " + port + " was taken: " + log.trim());
                    }
                    throw new BootFailure("qemu (" + accel + ") exited with " + p.exitValue() + ": " + log.trim()
                            + tailOf(console));
                }
                if (System.nanoTime() > deadline) {
                    throw new BootFailure("the guest (" + accel + ") did not finish booting within " + timeout + tailOf(console));
                }
                sleep(100);
            }
            GuestShell shell = null;
            IOException lastError = null;
            while (shell == null) {
                try {
                    shell = GuestShell.connect(port, key, image.hostKeyFingerprint(), Duration.ofSeconds(10));
                } catch (IOException e) {
                    lastError = e;
                    if (System.nanoTime() > deadline || !p.isAlive()) {
                        throw new BootFailure("SSH login to the guest on 127.0.0.1:" + port + " failed: "
                                + lastError.getMessage() + tailOf(console));
                    }
                    sleep(200);
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            LOG.info("kernel lab VM up in {} ms ({}; ssh 127.0.0.1:{}; {})", took.toMillis(), accel, port,
                    read(console).lines().filter(l -> l.contains(READY_MARKER)).findFirst().orElse("").trim());
            return new QemuVm(p, reaper, port, shell, accel, took);
        } catch (BootFailure | PortTaken | RuntimeException e) {
            stop(p, reaper);
            throw e;
        }
    }

    static List<String> command(KernelImage image, KernelLabConfig config, Path console, int port, boolean kvm) {
        List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64"));
        if (kvm) {
            cmd.addAll(List.of("-accel", "kvm", "-cpu", "host,-arch-capabilities"));
        } else {
            cmd.addAll(List.of("-accel", "tcg,thread=multi,tb-size=256", "-cpu", "max"));
        }
        cmd.addAll(List.of("-m", Integer.toString(config.memoryMb()), "-smp", Integer.toString(config.cpus()),
                "-M", "q35", "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot", "-monitor", "none",
                "-kernel", image.kernel().toString(), "-initrd", image.initramfs().toString(),
                "-append", "console=ttyS0 quiet loglevel=3 panic=-1",
                // restrict=on: the guest reaches nothing outside; only the forwarded SSH port comes in.
                "-netdev", "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:" + port + "-:22",
                "-device", "virtio-net-pci,netdev=n0", "-device", "virtio-rng-pci",
                "-serial", "file:" + console));
        return cmd;
    }

    int sshPort() {
        return sshPort;
    }

    GuestShell shell() {
        return shell;
    }

    String accelerator() {
        return accelerator;
    }

    Duration bootTime() {
        return bootTime;
    }

    /** The qemu process itself (a child of the watchdog shell). */
    long pid() {
        return process.descendants().filter(h -> h.info().command().map(c -> c.endsWith("qemu-system-x86_64")).orElse(false))
                .findFirst().map(ProcessHandle::pid).orElse(process.pid());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The guest runs from an initramfs, so there is nothing to flush: ending qemu is a clean stop. */
    @Override
    public void close() {
        try {
            shell.close();
        } finally {
            stop(process, reaper);
        }
    }

    /** Closes the watchdog's stdin (it kills qemu), then makes sure: SIGTERM, SIGKILL to the whole tree. */
    private static void stop(Process p, Thread reaper) {
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            // already closed
        }
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                kill(p);
            }
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            p.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // escalate below
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static int freeLoopbackPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new KernelLabException(KernelLabException.Reason.BOOT_FAILED, "no free loopback port: " + e.getMessage(), e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String tailOf(Path console) {
        List<String> lines = read(console).lines().toList();
        return lines.isEmpty() ? " (console empty)" : "; console: " + String.join(" | ",
                lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KernelLabException(KernelLabException.Reason.BOOT_FAILED, "interrupted while booting");
        }
    }
}
