package org.qkdmacsec.harness.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/** The lab devices' SSH host keys, kept under the state directory. */
final class LabHostKeys {
    private LabHostKeys() {
    }

    /** The device's SSH host key, kept in the state directory so pins survive restarts of the lab. */
    static KeyPair load(Path stateDir, String device) throws IOException {
        Path dir = stateDir.resolve("ssh");
        Path file = dir.resolve(device + ".key");
        try {
            KeyFactory kf = KeyFactory.getInstance("EC");
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
                return new KeyPair(kf.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines.get(0)))),
                        kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines.get(1)))));
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            Files.createDirectories(dir);
            Files.writeString(file, Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()) + "\n"
                    + Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded()) + "\n", StandardCharsets.US_ASCII);
            EmbeddedLab.restrict(file);
            return kp;
        } catch (java.security.GeneralSecurityException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new LabException("cannot load or create the lab host key " + file + " (delete it to start afresh): " + e, e);
        }
    }

}
