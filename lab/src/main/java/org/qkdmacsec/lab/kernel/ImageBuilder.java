package org.qkdmacsec.lab.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the lab image with the project's own recipe ({@code build-image.sh}, a resource of this
 * package) into a cache directory, once: a stamp (hash of the recipe and of the lab's client key)
 * decides whether a cached image is still the one the recipe would build. A file lock keeps two
 * processes from building into the same cache at once.
 */
final class ImageBuilder {
    private static final String SCRIPT = "build-image.sh";
    private static final long BUILD_TIMEOUT_MINUTES = 15;

    private ImageBuilder() { }

    /** True when {@code cacheDir} holds an image built by the current recipe. */
    static boolean upToDate(Path cacheDir) {
        Path keys = cacheDir.resolve("keys");
        if (!Files.exists(keys.resolve(LabKeys.AUTHORIZED_KEYS))) {
            return false;
        }
        try {
            return complete(cacheDir) && Files.readString(cacheDir.resolve("image/stamp")).trim().equals(stamp(cacheDir));
        } catch (IOException e) {
            return false;
        }
    }

    @SuppressWarnings("try") // the lock is held for the body's duration, not used in it
    static KernelImage ensure(Path cacheDir) {
        try {
            Files.createDirectories(cacheDir);
            try (FileChannel ch = FileChannel.open(cacheDir.resolve(".build.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
                Path clientKey = LabKeys.ensureClientKey(cacheDir.resolve("keys"));
                if (!upToDate(cacheDir)) {
                    build(cacheDir);
                }
                Path image = cacheDir.resolve("image");
                return new KernelImage(image.resolve("vmlinuz"), image.resolve("initramfs.cpio.zst"),
                        Files.readString(image.resolve("kernel-version")).trim(),
                        LabKeys.fingerprintOf(Files.readString(image.resolve("host-key.pub"))), clientKey);
            }
        } catch (IOException e) {
            throw new KernelLabException(KernelLabException.Reason.BUILD_FAILED, "cannot use the cache directory "
                    + cacheDir + ": " + e.getMessage(), e);
        }
    }

    private static boolean complete(Path cacheDir) {
        Path image = cacheDir.resolve("image");
        return List.of("vmlinuz", "initramfs.cpio.zst", "kernel-version", "host-key.pub", "stamp").stream()
                .allMatch(f -> Files.isRegularFile(image.resolve(f)));
    }

    private static void build(Path cacheDir) throws IOException {
        List<String> missing = Prerequisites.missing(Prerequisites.BUILD);
        if (!missing.isEmpty()) {
            throw new KernelLabException(KernelLabException.Reason.MISSING_PREREQUISITES,
                    "cannot build the image: " + Prerequisites.installHint(missing));
        }
        Path script = cacheDir.resolve(SCRIPT);
        Files.write(script, recipe());
        Path log = cacheDir.resolve("build.log");
        Process p = new ProcessBuilder("bash", script.toString(), cacheDir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new KernelLabException(KernelLabException.Reason.BUILD_FAILED, "image build did not finish in "
                        + BUILD_TIMEOUT_MINUTES + " min (log: " + log + ")");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new KernelLabException(KernelLabException.Reason.BUILD_FAILED, "interrupted while building the image", e);
        }
        if (p.exitValue() != 0) {
            KernelLabException.Reason reason = p.exitValue() == 3 ? KernelLabException.Reason.MISSING_PREREQUISITES
                    : KernelLabException.Reason.BUILD_FAILED;
            throw new KernelLabException(reason, "image build failed (exit " + p.exitValue() + "): " + tail(log)
                    + " (full log: " + log + ")");
        }
        Files.writeString(cacheDir.resolve("image/stamp"), stamp(cacheDir) + "\n");
    }

    private static String stamp(Path cacheDir) throws IOException {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(recipe());
            d.update(Files.readAllBytes(cacheDir.resolve("keys").resolve(LabKeys.AUTHORIZED_KEYS)));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    static byte[] recipe() throws IOException {
        try (InputStream in = ImageBuilder.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException("resource " + SCRIPT + " missing from the lab jar");
            }
            return in.readAllBytes();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
