package org.qkdmacsec.lab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Boots the real lab: both devices answer over SSH with the pinned key, macsec0 exists, and close() ends qemu. */
@Tag("kernel-lab")
class KernelLabBootTest {
    static Path cache() {
        return Path.of(System.getProperty("qkd.kernelLab.cache", Optional.ofNullable(System.getenv("QKD_KERNEL_LAB_CACHE"))
                .orElse("target/kernel-lab")));
    }

    @Test
    @Timeout(600)
    void bootsTwoNamespacesWithMacsecAndStopsQemu() throws Exception {
        KernelLabConfig config = KernelLabConfig.defaults(cache());
        assertEquals(Optional.empty(), KernelLab.unavailableReason(config), "host prerequisites");
        long pid;
        try (KernelLab lab = KernelLab.start(config)) {
            pid = lab.qemuPid();
            System.out.printf("kernel %s, accelerator %s, boot %d ms, ssh 127.0.0.1:%d, host key %s%n", lab.kernelVersion(),
                    lab.accelerator(), lab.bootTime().toMillis(), lab.device("a").port(), lab.device("a").hostKeyFingerprint());
            for (LabEndpoint d : lab.devices()) {
                ExecResult r = lab.exec("/usr/bin/ip -n " + d.netns() + " -j -d link show macsec0", Duration.ofSeconds(20));
                assertTrue(r.ok(), r.stderr());
                assertTrue(r.stdoutText().contains("\"link\":\"" + d.parentInterface() + "\""), r.stdoutText());
                assertTrue(r.stdoutText().contains("GCM-AES-XPN-256"), r.stdoutText());
            }
            assertTrue(lab.device("a").hostKeyFingerprint().startsWith("SHA256:"));
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "qemu still running after close()");
    }
}
