package org.qkdmacsec.lab.kernel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to build and boot the kernel lab.
 *
 * @param cacheDir     where the image, the kernel package and the lab's SSH keys are kept between runs
 *                     (a rebuild happens only when the build recipe or the kernel package changes)
 * @param accelerator  {@code AUTO} tries KVM once per cache and falls back to TCG; {@code KVM} or
 *                     {@code TCG} force one
 * @param memoryMb     guest memory
 * @param cpus         guest CPUs
 * @param bootTimeout  from qemu start to an SSH login, per attempt (TCG boots in 11–20 s here)
 * @param macsecCipher when present, the lab creates {@code macsec0} (no SAs) with this cipher on each
 *                     veth end and gives it an address, so a driver adopts it; when empty only the
 *                     namespaces and the veth pair exist and the driver creates the MACsec devices
 * @param replayWindow replay window of the lab-created {@code macsec0} devices
 * @param sshPort      the 127.0.0.1 port the guest's SSH is forwarded to; 0 picks a free one
 */
public record KernelLabConfig(Path cacheDir, Accelerator accelerator, int memoryMb, int cpus, Duration bootTimeout,
                              Optional<String> macsecCipher, int replayWindow, int sshPort) {
    private static final Pattern CIPHER = Pattern.compile("gcm-aes-(xpn-)?(128|256)");

    public enum Accelerator { AUTO, KVM, TCG }

    public KernelLabConfig {
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(accelerator, "accelerator");
        Objects.requireNonNull(bootTimeout, "bootTimeout");
        Objects.requireNonNull(macsecCipher, "macsecCipher");
        cacheDir = cacheDir.toAbsolutePath().normalize();
        if (memoryMb < 256) {
            throw new IllegalArgumentException("kernel lab: memoryMb must be at least 256, got " + memoryMb);
        }
        if (cpus < 1) {
            throw new IllegalArgumentException("kernel lab: cpus must be at least 1, got " + cpus);
        }
        if (bootTimeout.isNegative() || bootTimeout.isZero()) {
            throw new IllegalArgumentException("kernel lab: bootTimeout must be positive, got " + bootTimeout);
        }
        macsecCipher.ifPresent(c -> {
            if (!CIPHER.matcher(c).matches()) {
                throw new IllegalArgumentException("kernel lab: macsecCipher must be gcm-aes-128, gcm-aes-256,"
                        + " gcm-aes-xpn-128 or gcm-aes-xpn-256, got '" + c + "'");
            }
        });
        if (sshPort < 0 || sshPort > 65535) {
            throw new IllegalArgumentException("kernel lab: sshPort must be 0 (any) or a TCP port, got " + sshPort);
        }
        if (replayWindow < 1) {
            throw new IllegalArgumentException("kernel lab: replayWindow must be at least 1 (cryptd reorders"
                    + " frames a little), got " + replayWindow);
        }
    }

    /** Defaults: AUTO acceleration, 1 GiB, 2 CPUs, 120 s boot budget, macsec0 with GCM-AES-XPN-256, window 64. */
    public static KernelLabConfig defaults(Path cacheDir) {
        return new KernelLabConfig(cacheDir, Accelerator.AUTO, 1024, 2, Duration.ofSeconds(120),
                Optional.of("gcm-aes-xpn-256"), 64, 0);
    }

    public KernelLabConfig withMacsecCipher(Optional<String> cipher) {
        return new KernelLabConfig(cacheDir, accelerator, memoryMb, cpus, bootTimeout, cipher, replayWindow, sshPort);
    }

    public KernelLabConfig withAccelerator(Accelerator a) {
        return new KernelLabConfig(cacheDir, a, memoryMb, cpus, bootTimeout, macsecCipher, replayWindow, sshPort);
    }

    /** Forward the guest's SSH to this 127.0.0.1 port (an inventory's fixed port); 0 picks a free one. */
    public KernelLabConfig withSshPort(int port) {
        return new KernelLabConfig(cacheDir, accelerator, memoryMb, cpus, bootTimeout, macsecCipher, replayWindow, port);
    }
}
