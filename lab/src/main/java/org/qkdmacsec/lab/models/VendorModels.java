package org.qkdmacsec.lab.models;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Juniper's and Cisco's published YANG models, as an independent judge of what our drivers send and
 * what our simulators accept: runs {@code ../shared/vendor-models/validate} (yanglint, Debian package
 * {@code libyang2-tools}) on a payload, fed on standard input so no file ever holds it.
 *
 * <p>The folder sits beside the repository ({@code <repository>/../shared/vendor-models}, as CI checks
 * it out); the repository root is found by walking up from the working directory to the parent POM.
 * A missing folder or a missing yanglint is an error, never a skip: the build must not pass without the
 * vendors' word.
 */
public final class VendorModels {
    /** The model sets in the folder. */
    public enum Release {
        JUNOS_24_4R1("junos-24.4R1"), IOSXR_24_4_2("iosxr-24.4.2"), IOSXR_7_11_1("iosxr-7.11.1");

        private final String folder;

        Release(String folder) {
            this.folder = folder;
        }

        public String folder() {
            return folder;
        }
    }

    /** yanglint's verdict: accepted, or refused with its reason. */
    public record Verdict(boolean accepted, String output) {
        @Override
        public String toString() {
            return (accepted ? "accepted" : "refused") + (output.isBlank() ? "" : ": " + output.strip());
        }
    }

    private final Path folder;

    private VendorModels(Path folder) {
        this.folder = folder;
    }

    /** The models beside this repository; throws (never skips) when they or yanglint are missing. */
    public static VendorModels locate() {
        Path root = repositoryRoot(Path.of("").toAbsolutePath());
        Path folder = root.getParent() == null ? root.resolve("../shared/vendor-models")
                : root.getParent().resolve("shared").resolve("vendor-models");
        if (!Files.isExecutable(folder.resolve("validate"))) {
            throw new IllegalStateException("vendor models: no executable " + folder.resolve("validate") + " (the repository"
                    + " expects Juniper's and Cisco's YANG models in ../shared/vendor-models beside it, as CI checks it out)");
        }
        if (!onPath("yanglint")) {
            throw new IllegalStateException("vendor models: yanglint is not installed (apt-get install libyang2-tools)");
        }
        return new VendorModels(folder);
    }

    public Path folder() {
        return folder;
    }

    /** The folder of one release's {@code .yang} files (for reading a model's own text). */
    public Path models(Release release) {
        return folder.resolve(release.folder());
    }

    /**
     * Checks one payload: a Junos {@code <load-configuration>} (or {@code <configuration>}) as sent, or
     * an RFC 7951 JSON data tree for IOS-XR.
     */
    public Verdict check(Release release, byte[] payload) {
        Process p;
        try {
            p = new ProcessBuilder(folder.resolve("validate").toString(), release.folder(), "-")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("vendor models: cannot run " + folder.resolve("validate") + ": " + e.getMessage(), e);
        }
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(payload);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("vendor models: validate did not finish in 120 s");
            }
            // Junos operation attributes (delete="delete") are dropped and named on stderr: not a refusal.
            String said = out.lines().filter(l -> !l.startsWith("note: operation attribute not checked")).reduce("", (a, b) -> a + b + "\n");
            return switch (p.exitValue()) {
                case 0 -> new Verdict(true, said);
                case 1 -> new Verdict(false, said);
                default -> throw new IllegalStateException("vendor models: validate " + release.folder() + " failed (exit "
                        + p.exitValue() + "): " + out.strip());
            };
        } catch (IOException e) {
            throw new IllegalStateException("vendor models: talking to validate: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("vendor models: interrupted", e);
        }
    }

    public Verdict check(Release release, String payload) {
        return check(release, payload.getBytes(StandardCharsets.UTF_8));
    }

    private static Path repositoryRoot(Path from) {
        for (Path p = from; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("drivers"))
                    && Files.isDirectory(p.resolve("lab"))) {
                return p;
            }
        }
        throw new IllegalStateException("vendor models: no repository root (pom.xml with drivers/ and lab/) above " + from);
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
