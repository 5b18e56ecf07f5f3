package org.qkdmacsec.controller.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.qkdmacsec.spi.Secret;

/**
 * The API token the daemon makes for itself at first start, in its state directory, readable by the
 * service user only (mode 600): 32 random bytes, base64url. The CLI on the same host reads it to call
 * the daemon. A file others can read is refused, as ssh refuses a private key with loose permissions.
 */
public final class TokenFile {
    /** The file's name in the state directory. */
    public static final String NAME = "api-token";
    private static final Set<PosixFilePermission> LOOSE = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private TokenFile() { }

    /**
     * Reads the token at {@code file}, creating it (and its directory) first when it does not exist.
     *
     * @throws IllegalStateException the file cannot be created or read, is empty, or others may read it
     */
    public static Secret loadOrCreate(Path file) {
        if (!Files.exists(file)) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] raw = new byte[32];
                new SecureRandom().nextBytes(raw);
                byte[] token = Base64.getUrlEncoder().withoutPadding().encode(raw);
                java.util.Arrays.fill(raw, (byte) 0);
                Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".api-token", ".tmp", posix(file)
                        ? new java.nio.file.attribute.FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                        : new java.nio.file.attribute.FileAttribute<?>[0]);
                try {
                    byte[] line = concat(token, "\n".getBytes(StandardCharsets.US_ASCII));
                    Files.write(tmp, line);
                    java.util.Arrays.fill(line, (byte) 0);
                    java.util.Arrays.fill(token, (byte) 0);
                    // Another instance on the same state directory may win the race: its token stands.
                    Files.createLink(file, tmp);
                } catch (FileAlreadyExistsException e) {
                    // read below
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the API token file " + file + ": " + e.getMessage(), e);
            }
        }
        return read(file).orElseThrow(() -> new IllegalStateException("the API token file " + file + " is empty"));
    }

    /**
     * Reads the token at {@code file} if it exists.
     *
     * @throws IllegalStateException the file exists but cannot be read or others may read it
     */
    public static Optional<Secret> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            if (posix(file)) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (perms.stream().anyMatch(LOOSE::contains)) {
                    throw new IllegalStateException("the API token file " + file + " may be read by others ("
                            + PosixFilePermissions.toString(perms) + "): chmod 600 " + file);
                }
            }
            byte[] b = Files.readAllBytes(file);
            int end = b.length;
            while (end > 0 && (b[end - 1] == '\n' || b[end - 1] == '\r' || b[end - 1] == ' ')) {
                end--;
            }
            Secret s = end == 0 ? null : Secret.adopt(java.util.Arrays.copyOf(b, end));
            java.util.Arrays.fill(b, (byte) 0);
            return Optional.ofNullable(s);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the API token file " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean posix(Path file) {
        return Files.getFileAttributeView(file.toAbsolutePath().getParent(), PosixFileAttributeView.class) != null;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
