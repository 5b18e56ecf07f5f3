package org.qkdmacsec.controller.inventory;

import java.nio.file.Path;

/** How a device's SSH host key is pinned: a {@code SHA256:} fingerprint or an OpenSSH known_hosts file. */
public sealed interface HostKeyPin {
    /** {@code host-key: SHA256:<base64>} */
    record Fingerprint(String fingerprint) implements HostKeyPin { }

    /** {@code known-hosts: PATH} */
    record KnownHosts(Path file) implements HostKeyPin { }
}
