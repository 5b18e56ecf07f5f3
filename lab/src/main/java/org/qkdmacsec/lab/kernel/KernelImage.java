package org.qkdmacsec.lab.kernel;

import java.nio.file.Path;

/**
 * A built, bootable lab image.
 *
 * @param kernel             the Debian kernel's {@code vmlinuz}
 * @param initramfs          the zstd-compressed initramfs
 * @param kernelVersion      e.g. {@code 6.1.0-56-amd64}
 * @param hostKeyFingerprint the guest's SSH host key, {@code SHA256:…} as OpenSSH prints it (stable
 *                           across boots of this image: the key is generated once per cache)
 * @param clientKey          OpenSSH private key file that logs in to the guest as root
 */
public record KernelImage(Path kernel, Path initramfs, String kernelVersion, String hostKeyFingerprint, Path clientKey) { }
