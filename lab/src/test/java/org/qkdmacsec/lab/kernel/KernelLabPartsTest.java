package org.qkdmacsec.lab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel lab's pieces that need no VM: pcap and ping parsing, keys, qemu's command line, configuration. */
class KernelLabPartsTest {
    @TempDir
    Path dir;

    static byte[] pcap(ByteOrder order, List<byte[]> frames) {
        int size = 24 + frames.stream().mapToInt(f -> 16 + f.length).sum();
        ByteBuffer b = ByteBuffer.allocate(size).order(order);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
        for (byte[] f : frames) {
            b.putInt(1).putInt(0).putInt(f.length).putInt(f.length).put(f);
        }
        return b.array();
    }

    static byte[] frame(int etherType, String payload) {
        byte[] p = payload.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(14 + p.length);
        b.put(new byte[12]).putShort((short) etherType).put(p);
        return b.array();
    }

    @Test
    void pcapInEitherByteOrderGivesFramesEtherTypesAndPatternHits() {
        List<byte[]> frames = List.of(frame(0x88e5, "ciphertext"), frame(0x88e5, "more"), frame(0x0800, "xxPLAINTEXT_MACSECxx"));
        for (ByteOrder o : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            WireCapture c = WireCapture.parsePcap(pcap(o, frames));
            assertEquals(3, c.frames().size());
            assertEquals(Map.of(0x0800, 1L, 0x88e5, 2L), c.etherTypes());
            assertEquals(1, c.framesContaining("PLAINTEXT_MACSEC".getBytes(StandardCharsets.US_ASCII)));
        }
        assertThrows(KernelLabException.class, () -> WireCapture.parsePcap(new byte[10]));
        assertThrows(KernelLabException.class, () -> WireCapture.parsePcap(new byte[24]));
    }

    @Test
    void pingSummaries() {
        PingResult r = PingResult.parse("""
                PING 10.77.0.2 (10.77.0.2) 56(84) bytes of data.

                --- 10.77.0.2 ping statistics ---
                2000 packets transmitted, 1998 received, 0.1% packet loss, time 31012ms
                rtt min/avg/max/mdev = 0.211/0.903/11.021/0.610 ms
                """);
        assertEquals(2000, r.transmitted());
        assertEquals(2, r.lost());
        assertThrows(KernelLabException.class, () -> PingResult.parse("connect: Network is unreachable"));
    }

    @Test
    void theGuestHostKeyFingerprintIsOpenSshs() {
        // ssh-keygen -lf prints SHA256:HMic2UD2ZL2yvFYmsD1Ij2Tuv/HSjR1b94ms2HFjdKY for this dropbear key.
        assertEquals("SHA256:HMic2UD2ZL2yvFYmsD1Ij2Tuv/HSjR1b94ms2HFjdKY", LabKeys.fingerprintOf(
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMcv2I7Ny9kL57il5oLykrh6Xnimw9GbCD/kYJs1tt/0 root@vm\n"));
    }

    @Test
    void theClientKeyIsCreatedOnceAndReadableOnlyByItsOwner() throws Exception {
        Path key = LabKeys.ensureClientKey(dir.resolve("keys"));
        String first = Files.readString(key);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(key));
        assertTrue(Files.readString(dir.resolve("keys/authorized_keys")).startsWith("ecdsa-sha2-nistp256 "));
        assertEquals(first, Files.readString(LabKeys.ensureClientKey(dir.resolve("keys"))), "kept across runs");
        assertEquals("EC", LabKeys.load(key).getPrivate().getAlgorithm());
    }

    @Test
    void qemuForwardsSshOnLoopbackOnlyAndRestrictsTheGuest() {
        KernelImage image = new KernelImage(dir.resolve("vmlinuz"), dir.resolve("initramfs.cpio.zst"), "6.1.0-56-amd64",
                "SHA256:x", dir.resolve("id_ecdsa"));
        List<String> tcg = QemuVm.command(image, KernelLabConfig.defaults(dir), dir.resolve("console.log"), 40022, false);
        assertTrue(tcg.contains("user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:40022-:22"), tcg.toString());
        assertTrue(tcg.contains("tcg,thread=multi,tb-size=256"));
        assertTrue(tcg.contains("file:" + dir.resolve("console.log")));
        List<String> kvm = QemuVm.command(image, KernelLabConfig.defaults(dir), dir.resolve("console.log"), 40022, true);
        assertTrue(kvm.contains("kvm"));
    }

    @Test
    void configurationIsCheckedUpFront() {
        KernelLabConfig d = KernelLabConfig.defaults(dir);
        assertEquals(Optional.of("gcm-aes-xpn-256"), d.macsecCipher());
        assertEquals(KernelLabConfig.Accelerator.AUTO, d.accelerator());
        assertThrows(IllegalArgumentException.class, () -> d.withMacsecCipher(Optional.of("aes-cbc")));
        assertThrows(IllegalArgumentException.class, () -> new KernelLabConfig(dir, KernelLabConfig.Accelerator.TCG, 128, 1,
                Duration.ofSeconds(10), Optional.empty(), 64, 0));
        assertThrows(IllegalArgumentException.class, () -> new KernelLabConfig(dir, KernelLabConfig.Accelerator.TCG, 512, 1,
                Duration.ofSeconds(10), Optional.empty(), 0, 0));
    }

    @Test
    void missingToolsAreNamedWithTheirPackages() {
        List<String> missing = Prerequisites.missing(Map.of("/nonexistent/qemu-system-x86_64", "qemu-system-x86"));
        assertEquals(List.of("/nonexistent/qemu-system-x86_64 (qemu-system-x86)"), missing);
        assertEquals("missing on this host: /nonexistent/qemu-system-x86_64 (qemu-system-x86) — install with:"
                + " apt-get install -y --no-install-recommends qemu-system-x86", Prerequisites.installHint(missing));
        assertTrue(Prerequisites.present("sh"));
    }

    @Test
    void anEmptyCacheIsNotUpToDateAndTheRecipeShipsInTheJar() throws Exception {
        assertTrue(!ImageBuilder.upToDate(dir));
        assertTrue(new String(ImageBuilder.recipe(), StandardCharsets.UTF_8).contains("apt-get download"));
    }
}
