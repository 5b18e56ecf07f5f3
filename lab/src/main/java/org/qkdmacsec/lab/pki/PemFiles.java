package org.qkdmacsec.lab.pki;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** Writes PEM and private files; private files are created 0600 so no other user ever sees them. */
final class PemFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private PemFiles() {}

    static void createDirectory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new PkiException("cannot create PKI directory " + dir + ": " + e.getMessage(), e);
        }
    }

    static String certificates(List<X509Certificate> certificates) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (X509Certificate c : certificates) {
                pem.writeObject(c);
            }
        } catch (IOException e) {
            throw new PkiException("cannot encode certificate as PEM", e);
        }
        return out.toString();
    }

    /** PKCS#8 "PRIVATE KEY", unencrypted: the file's 0600 mode is its protection. */
    static String privateKey(PrivateKey key) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new PkiException("cannot encode private key as PEM", e);
        }
        return out.toString();
    }

    static void writePublic(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new PkiException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code content} to a file readable by its owner only. The mode is set at creation (and
     * on an existing file before any byte is written), so there is no window in which it is wider.
     */
    static void writePrivate(Path file, byte[] content) {
        try {
            if (Files.exists(file)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            try (SeekableByteChannel ch = Files.newByteChannel(file,
                    EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING),
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new PkiException("cannot write private file " + file + ": " + e.getMessage(), e);
        }
    }
}
