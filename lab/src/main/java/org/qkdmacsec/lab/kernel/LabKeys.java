package org.qkdmacsec.lab.kernel;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.session.SessionContext;

/**
 * The lab's SSH client key: generated once per cache (ECDSA P-256, which dropbear and MINA both
 * speak), kept as an OpenSSH private key file readable only by its owner, and installed in the
 * guest's {@code authorized_keys} by the image build.
 */
final class LabKeys {
    static final String CLIENT_KEY = "id_ecdsa";
    static final String AUTHORIZED_KEYS = "authorized_keys";

    private LabKeys() { }

    /** The client key file under {@code keysDir}, created (with authorized_keys) if absent. */
    static Path ensureClientKey(Path keysDir) {
        Path key = keysDir.resolve(CLIENT_KEY);
        Path authorized = keysDir.resolve(AUTHORIZED_KEYS);
        try {
            Files.createDirectories(keysDir);
            if (!Files.exists(key) || !Files.exists(authorized)) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair pair = g.generateKeyPair();
                Path tmp = keysDir.resolve(CLIENT_KEY + ".tmp");
                Files.deleteIfExists(tmp);
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.TRUNCATE_EXISTING)) {
                    OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "qkd-macsec kernel lab", null, out);
                }
                Files.writeString(authorized, PublicKeyEntry.toString(pair.getPublic()) + " qkd-macsec-kernel-lab\n",
                        StandardCharsets.US_ASCII);
                Files.move(tmp, key, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return key;
        } catch (IOException | GeneralSecurityException e) {
            throw new KernelLabException(KernelLabException.Reason.BUILD_FAILED, "cannot create the lab SSH key in "
                    + keysDir + ": " + e.getMessage(), e);
        }
    }

    static KeyPair load(Path key) {
        try {
            List<KeyPair> pairs = new java.util.ArrayList<>();
            new FileKeyPairProvider(key).loadKeys((SessionContext) null).forEach(pairs::add);
            if (pairs.isEmpty()) {
                throw new KernelLabException(KernelLabException.Reason.BUILD_FAILED, "no key in " + key);
            }
            return pairs.get(0);
        } catch (RuntimeException e) {
            if (e instanceof KernelLabException k) {
                throw k;
            }
            throw new KernelLabException(KernelLabException.Reason.BUILD_FAILED, "cannot read the lab SSH key " + key
                    + ": " + e.getMessage(), e);
        }
    }

    /** {@code SHA256:…} of an OpenSSH public key line ({@code ssh-ed25519 AAAA… comment}). */
    static String fingerprintOf(String publicKeyLine) {
        try {
            PublicKey key = PublicKeyEntry.parsePublicKeyEntry(publicKeyLine.trim()).resolvePublicKey(null, null, null);
            return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new KernelLabException(KernelLabException.Reason.BUILD_FAILED, "cannot parse the guest host key '"
                    + publicKeyLine.trim() + "': " + e.getMessage(), e);
        }
    }

    static String fingerprintOf(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }
}
